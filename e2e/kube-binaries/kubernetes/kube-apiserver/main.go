// kube-apiserver, built from k8s.io/kubernetes at the version pinned in ../go.mod: the same entry point as
// k8s.io/kubernetes/cmd/kube-apiserver, which cannot be built from the module cache directly.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
