# bash completion for kdeck
# Themes and keymaps: the installed ones and the user's own (XDG_CONFIG_HOME/kdeck/).
_kdeck_own() {
	local d=${XDG_CONFIG_HOME:-$HOME/.config}/kdeck/$1 f
	for f in "$d"/*.yaml; do [ -e "$f" ] && basename "$f" .yaml; done
}
_kdeck() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--context) COMPREPLY=($(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur")); return ;;
	-n|--namespace) COMPREPLY=($(compgen -W "$(kubectl get ns -o name 2>/dev/null | sed 's|^namespace/||')" -- "$cur")); return ;;
	--theme) COMPREPLY=($(compgen -W "dark light high-contrast solarized mono $(_kdeck_own themes)" -- "$cur")); return ;;
	--keymap) COMPREPLY=($(compgen -W "default vim emacs $(_kdeck_own keymaps)" -- "$cur")); return ;;
	--kubeconfig|--log-file|--replay) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--log-level) COMPREPLY=($(compgen -W "error warn info debug" -- "$cur")); return ;;
	--print) COMPREPLY=($(compgen -W "pods deployments statefulsets daemonsets services nodes namespaces events" -- "$cur")); return ;;
	-o|--output) COMPREPLY=($(compgen -W "wide json" -- "$cur")); return ;;
	--exec) COMPREPLY=($(compgen -W "$(kubectl get pods -o name 2>/dev/null | sed 's|^pod/||')" -- "$cur")); return ;;
	--command|-l|--selector|-c|--container|--since) return ;;
	esac
	COMPREPLY=($(compgen -W "--kubeconfig --context -n --namespace -A --all-namespaces --readonly --theme
		--keymap --command --print -l --selector -o --output --exec -c --container --debug --record
		--replay --audit --since --log-file --log-level --version -h --help" -- "$cur"))
}
complete -F _kdeck kdeck
