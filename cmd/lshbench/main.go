// Command lshbench measures how much of the truth about neighbourhood similarity in a graph
// survives compression into minhash signatures and an LSH index, how fast, and in how much memory.
//
// Run `lshbench --help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newRootCmd().ExecuteContext(ctx)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "lshbench: interrupted")
			os.Exit(130)
		}
		fmt.Fprintln(os.Stderr, "lshbench:", err)
		os.Exit(1)
	}
}
