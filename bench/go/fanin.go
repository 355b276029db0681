package main

import "sync"

// fanin: 4 producers on 4 unbuffered channels, each sending 1..n/4; one consumer selects over
// all four and checks the sum.
func fanin(n int64) (outcome, error) {
	perProducer := n / 4
	total := 4 * perProducer
	var chans [4]chan int64
	var producers sync.WaitGroup
	producers.Add(4)
	for p := range chans {
		ch := make(chan int64)
		chans[p] = ch
		go func() {
			defer producers.Done()
			for v := int64(1); v <= perProducer; v++ {
				ch <- v
			}
		}()
	}
	var sum int64
	for i := int64(0); i < total; i++ {
		select {
		case v := <-chans[0]:
			sum += v
		case v := <-chans[1]:
			sum += v
		case v := <-chans[2]:
			sum += v
		case v := <-chans[3]:
			sum += v
		}
	}
	producers.Wait()
	return ops(total), check("fanin sum", 4*(perProducer*(perProducer+1)/2), sum)
}
