package main

// pingpong: two goroutines bounce an integer over two unbuffered channels, n round trips.
func pingpong(n int64) (outcome, error) {
	ping := make(chan int)
	pong := make(chan int)
	done := make(chan struct{})
	go func() {
		for i := int64(0); i < n; i++ {
			pong <- <-ping + 1
		}
		close(done)
	}()
	var sum int64
	for i := int64(0); i < n; i++ {
		ping <- int(i & 0xFFFF)
		sum += int64(<-pong)
	}
	<-done
	full, rest := n/65536, n%65536
	want := full*(65536*65537/2) + rest*(rest+1)/2 // the sum of (i & 0xFFFF) + 1
	return ops(n), check("pingpong sum", want, sum)
}
