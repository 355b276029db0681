package main

import (
	"fmt"
	"time"
)

// A workload runs once with size n and checks its own result; the error is a wrong result
// (a lost message or a bad sum), never a number.
type workload struct {
	name     string
	defaultN int64
	run      func(n int64) (outcome, error)
}

// outcome: operations done, and heap+stack bytes per parked goroutine for "parked" (else -1).
type outcome struct {
	ops          int64
	bytesPerTask int64
}

func ops(n int64) outcome { return outcome{ops: n, bytesPerTask: -1} }

// The workloads in report order, with the JVM harness's default sizes (the harness always passes
// n explicitly; these are for running this program by hand).
var workloads = []workload{
	{"spawn", 1_000_000, spawn},
	{"skynet", 1_000_000, skynet},
	{"pingpong", 1_000_000, pingpong},
	{"ring", 5_000_000, ring},
	{"sieve", 2_000, sieve},
	{"prodcons", 2_000_000, prodcons},
	{"fanin", 1_000_000, fanin},
	{"parked", 100_000, parked},
}

func byName(name string) (workload, bool) {
	for _, w := range workloads {
		if w.name == name {
			return w, true
		}
	}
	return workload{}, false
}

func names() []string {
	var s []string
	for _, w := range workloads {
		s = append(s, w.name)
	}
	return s
}

// check returns a wrong-result error unless got == want.
func check(what string, want, got int64) error {
	if want != got {
		return fmt.Errorf("wrong result: %s: expected %d, got %d", what, want, got)
	}
	return nil
}

// result is one repetition, printed exactly like the JVM harness's result line.
type result struct {
	workload     string
	ops          int64
	totalMs      float64
	bytesPerTask int64
}

func runOnce(w workload, n int64) (result, error) {
	t0 := time.Now()
	o, err := w.run(n)
	elapsed := time.Since(t0)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", w.name, err)
	}
	return result{w.name, o.ops, float64(elapsed.Nanoseconds()) / 1e6, o.bytesPerTask}, nil
}

func (r result) value() float64 {
	if r.bytesPerTask >= 0 {
		return float64(r.bytesPerTask)
	}
	return r.totalMs * 1e6 / float64(r.ops)
}

func (r result) line() string {
	head := fmt.Sprintf("workload=%s impl=go ops=%d total_ms=%.3f", r.workload, r.ops, r.totalMs)
	if r.bytesPerTask >= 0 {
		return fmt.Sprintf("%s bytes_per_task=%d", head, r.bytesPerTask)
	}
	return fmt.Sprintf("%s ns_per_op=%.2f", head, r.value())
}
