# bash completion for kdeck
# Themes and keymaps: the installed ones and the user's own (XDG_CONFIG_HOME/kdeck/).
_kdeck_own() {
	local d=${XDG_CONFIG_HOME:-$HOME/.config}/kdeck/$1 f
	for f in "$d"/*.yaml; do [ -e "$f" ] && basename "$f" .yaml; done
}
# The --kubeconfig and --context already on the line, as kubectl options in _kdeck_kc
# (bash splits "--kubeconfig=F" into "--kubeconfig" "=" "F"; both spellings are read).
_kdeck_line_opts() {
	local i w v
	_kdeck_kc=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]} v=
		case $w in
		--kubeconfig|--context)
			v=${COMP_WORDS[i+1]}
			if [ "$v" = = ]; then v=${COMP_WORDS[i+2]}; ((i++)); fi
			((i++)) ;;
		--kubeconfig=*|--context=*) v=${w#*=} w=${w%%=*} ;;
		*) continue ;;
		esac
		# the word being completed is no value yet
		[ "$i" -ge "$COMP_CWORD" ] && continue
		[ -n "$v" ] && _kdeck_kc+=("$w" "$v")
	done
}
_kdeck() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} _kdeck_kc
	_kdeck_line_opts
	local kcfg=() i
	for ((i = 0; i < ${#_kdeck_kc[@]}; i += 2)); do
		[ "${_kdeck_kc[i]}" = --kubeconfig ] && kcfg=(--kubeconfig "${_kdeck_kc[i+1]}")
	done
	case $prev in
	--context) COMPREPLY=($(compgen -W "$(kubectl "${kcfg[@]}" config get-contexts -o name 2>/dev/null)" -- "$cur")); return ;;
	-n|--namespace) COMPREPLY=($(compgen -W "$(kubectl "${_kdeck_kc[@]}" get ns -o name 2>/dev/null | sed 's|^namespace/||')" -- "$cur")); return ;;
	--theme) COMPREPLY=($(compgen -W "dark light high-contrast solarized mono $(_kdeck_own themes)" -- "$cur")); return ;;
	--keymap) COMPREPLY=($(compgen -W "default vim emacs $(_kdeck_own keymaps)" -- "$cur")); return ;;
	--kubeconfig|--log-file|--replay) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--log-level) COMPREPLY=($(compgen -W "error warn info debug" -- "$cur")); return ;;
	--print) COMPREPLY=($(compgen -W "pods deployments statefulsets daemonsets services nodes namespaces events" -- "$cur")); return ;;
	-o|--output) COMPREPLY=($(compgen -W "wide json" -- "$cur")); return ;;
	--exec) COMPREPLY=($(compgen -W "$(kubectl "${_kdeck_kc[@]}" get pods -o name 2>/dev/null | sed 's|^pod/||')" -- "$cur")); return ;;
	--command|-l|--selector|-c|--container|--since) return ;;
	esac
	COMPREPLY=($(compgen -W "--kubeconfig --context -n --namespace -A --all-namespaces --readonly --theme
		--keymap --command --print -l --selector -o --output --exec -c --container --debug --record
		--replay --audit --since --log-file --log-level --version -h --help" -- "$cur"))
}
complete -F _kdeck kdeck
