// Command spindle-bench-go is the bench's go reference implementation: the workloads of the
// project's docs/benchmarks.md (WORKLOADS contract) written with goroutines, Go channels and
// select, printing the harness's result line format.
//
//	spindle-bench-go WORKLOAD [--n N] [--reps R] [--warmup W]   one result line per repetition
//	spindle-bench-go serve                                        read "WORKLOAD N" lines on stdin,
//	                                                              answer one line each (the JVM harness)
//	spindle-bench-go list                                         "NAME DEFAULT_N" per workload
//
// GOMAXPROCS (environment) sets the number of Ps; the harness sets it to its carrier count.
// A repetition is timed here, around the workload function, so process start-up is not counted.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

const usage = `usage: spindle-bench-go WORKLOAD [--n N] [--reps R] [--warmup W]
       spindle-bench-go serve     (requests "WORKLOAD N" on stdin, one answer line each)
       spindle-bench-go list      (workload names and default sizes)
`

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		fmt.Print(usage)
		fmt.Println("workloads:", strings.Join(names(), ", "))
		return
	}
	switch os.Args[1] {
	case "serve":
		serve()
	case "list":
		for _, w := range workloads {
			fmt.Println(w.name, w.defaultN)
		}
	default:
		os.Exit(single(os.Args[1], os.Args[2:]))
	}
}

// serve answers each request line "WORKLOAD N" with a result line, or "error: ..." when the
// request is bad or the workload's self-check fails ("error: wrong result: ...").
func serve() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) == 0 {
			continue
		}
		var answer string
		if w, ok := byName(f[0]); !ok {
			answer = "error: unknown workload '" + f[0] + "'; one of " + strings.Join(names(), ", ")
		} else if len(f) != 2 {
			answer = "error: a request is 'WORKLOAD N'"
		} else if n, err := strconv.ParseInt(f[1], 10, 64); err != nil || n < 1 {
			answer = "error: N must be a positive integer, got '" + f[1] + "'"
		} else if r, err := runOnce(w, n); err != nil {
			answer = "error: " + err.Error()
		} else {
			answer = r.line()
		}
		fmt.Fprintln(out, answer)
		out.Flush()
	}
}

func single(name string, args []string) int {
	w, ok := byName(name)
	if !ok {
		fmt.Fprintf(os.Stderr, "spindle-bench-go: unknown workload '%s'; one of %s\n%s", name, strings.Join(names(), ", "), usage)
		return 2
	}
	n, reps, warmup := w.defaultN, int64(5), int64(1)
	for i := 0; i < len(args); i++ {
		if args[i] == "-h" || args[i] == "--help" {
			fmt.Print(usage)
			return 0
		}
		if i+1 >= len(args) {
			fmt.Fprintf(os.Stderr, "spindle-bench-go: option %s needs a value\n%s", args[i], usage)
			return 2
		}
		v, err := strconv.ParseInt(strings.ReplaceAll(args[i+1], "_", ""), 10, 64)
		if err != nil || v < 0 {
			fmt.Fprintf(os.Stderr, "spindle-bench-go: %s needs a non-negative integer, got '%s'\n", args[i], args[i+1])
			return 2
		}
		switch args[i] {
		case "--n":
			n = v
		case "--reps":
			reps = v
		case "--warmup":
			warmup = v
		default:
			fmt.Fprintf(os.Stderr, "spindle-bench-go: unknown option %s\n%s", args[i], usage)
			return 2
		}
		i++
	}
	var results []result
	for r := int64(0); r < reps; r++ {
		res, err := runOnce(w, n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "spindle-bench-go:", err)
			return 1
		}
		fmt.Println(res.line())
		results = append(results, res)
	}
	if len(results) > 0 {
		measured := results
		if int64(len(results)) > warmup {
			measured = results[warmup:]
		}
		sort.Slice(measured, func(i, j int) bool { return measured[i].value() < measured[j].value() })
		k := len(measured)
		med := measured[k/2]
		if k%2 == 0 { // the mean of the middle two, as the JVM harness takes it
			lo, hi := measured[k/2-1], measured[k/2]
			med.totalMs = (lo.totalMs + hi.totalMs) / 2
			if lo.bytesPerTask >= 0 {
				med.bytesPerTask = (lo.bytesPerTask + hi.bytesPerTask) / 2
			}
		}
		fmt.Fprintln(os.Stderr, "median of the measured reps:", med.line())
	}
	return 0
}
