complete -c kdeck -l kubeconfig -r -d 'kubeconfig file'
complete -c kdeck -l context -x -a '(kubectl config get-contexts -o name 2>/dev/null)' -d context
complete -c kdeck -s n -x -d namespace
complete -c kdeck -s A -d 'all namespaces'
complete -c kdeck -l readonly -d 'no mutations'
complete -c kdeck -l theme -x -a 'dark light high-contrast solarized mono'
complete -c kdeck -l keymap -x -a 'default vim emacs'
complete -c kdeck -l command -x -d 'first screen'
complete -c kdeck -l print -x -d 'print a view and exit'
complete -c kdeck -s l -x -d 'label selector'
complete -c kdeck -s o -x -a wide
complete -c kdeck -l log-file -r
complete -c kdeck -l log-level -x -a 'error warn info debug'
complete -c kdeck -l version
complete -c kdeck -l help
