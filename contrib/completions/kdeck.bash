# bash completion for kdeck
_kdeck() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--context) COMPREPLY=($(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur")); return ;;
	-n) COMPREPLY=($(compgen -W "$(kubectl get ns -o name 2>/dev/null | sed 's|^namespace/||')" -- "$cur")); return ;;
	--theme) COMPREPLY=($(compgen -W "dark light high-contrast solarized mono" -- "$cur")); return ;;
	--keymap) COMPREPLY=($(compgen -W "default vim emacs" -- "$cur")); return ;;
	--kubeconfig|--log-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--log-level) COMPREPLY=($(compgen -W "error warn info debug" -- "$cur")); return ;;
	-o) COMPREPLY=(wide); return ;;
	esac
	COMPREPLY=($(compgen -W "--kubeconfig --context -n -A --readonly --theme --keymap --command --print -l -o --log-file --log-level --version --help" -- "$cur"))
}
complete -F _kdeck kdeck
