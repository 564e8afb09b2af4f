# fish completion for kdeck
function __kdeck_own
	for f in (set -q XDG_CONFIG_HOME; and echo $XDG_CONFIG_HOME; or echo ~/.config)/kdeck/$argv[1]/*.yaml
		basename $f .yaml
	end
end
complete -c kdeck -l kubeconfig -r -d 'kubeconfig file'
complete -c kdeck -l context -x -a '(kubectl config get-contexts -o name 2>/dev/null)' -d context
complete -c kdeck -s n -l namespace -x -a '(kubectl get ns -o name 2>/dev/null | string replace namespace/ "")' -d namespace
complete -c kdeck -s A -l all-namespaces -d 'all namespaces'
complete -c kdeck -l readonly -d 'no mutations'
complete -c kdeck -l theme -x -a 'dark light high-contrast solarized mono (__kdeck_own themes)'
complete -c kdeck -l keymap -x -a 'default vim emacs (__kdeck_own keymaps)'
complete -c kdeck -l command -x -d 'first screen'
complete -c kdeck -l print -x -a 'pods deployments statefulsets daemonsets services nodes namespaces events' -d 'print a view and exit'
complete -c kdeck -s l -l selector -x -d 'label selector'
complete -c kdeck -s o -l output -x -a 'wide json'
complete -c kdeck -l exec -x -a '(kubectl get pods -o name 2>/dev/null | string replace pod/ "")' -d 'a shell in a pod'
complete -c kdeck -s c -l container -x -d container
complete -c kdeck -l debug -d 'with --exec: an ephemeral debug container'
complete -c kdeck -l record -d 'with --exec: record the session'
complete -c kdeck -l replay -r -d 'play a recorded session'
complete -c kdeck -l audit -d 'print the audit journal'
complete -c kdeck -l since -x -a '15m 1h 24h 7d' -d 'with --audit: only the last duration'
complete -c kdeck -l log-file -r
complete -c kdeck -l log-level -x -a 'error warn info debug'
complete -c kdeck -l version
complete -c kdeck -s h -l help
