package main

import "fmt"

// skynet: a 10-ary tree of goroutines with n leaves (a power of 10); each leaf sends its ordinal
// to its parent over an unbuffered channel, parents sum and send up; the sum must be n(n-1)/2.
func skynet(n int64) (outcome, error) {
	if !isPowerOfTen(n) {
		return outcome{}, fmt.Errorf("skynet needs a power of 10 leaves, got %d", n)
	}
	root := make(chan int64)
	go skynetNode(root, 0, n)
	sum := <-root
	return ops(n), check("skynet sum", n*(n-1)/2, sum)
}

func skynetNode(parent chan<- int64, num, size int64) {
	if size == 1 {
		parent <- num
		return
	}
	children := make(chan int64)
	sub := size / 10
	for i := int64(0); i < 10; i++ {
		go skynetNode(children, num+i*sub, sub)
	}
	var sum int64
	for i := 0; i < 10; i++ {
		sum += <-children
	}
	parent <- sum
}

func isPowerOfTen(n int64) bool {
	if n < 1 {
		return false
	}
	for n%10 == 0 {
		n /= 10
	}
	return n == 1
}
