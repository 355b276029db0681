package main

import (
	"sync"
	"sync/atomic"
)

const (
	prodconsProducers = 4
	prodconsConsumers = 4
	prodconsCapacity  = 1024
)

// prodcons: 4 producers and 4 consumers over one channel of capacity 1024. Each producer sends
// 1..n/4; when all are done one 0 (stop) per consumer follows; the consumers' count and sum are
// checked.
func prodcons(n int64) (outcome, error) {
	perProducer := n / prodconsProducers
	ch := make(chan int64, prodconsCapacity)
	var count, sum int64
	var consumers, producers sync.WaitGroup
	consumers.Add(prodconsConsumers)
	for c := 0; c < prodconsConsumers; c++ {
		go func() {
			defer consumers.Done()
			var k, s int64
			for v := range ch {
				if v == 0 {
					break
				}
				k++
				s += v
			}
			atomic.AddInt64(&count, k)
			atomic.AddInt64(&sum, s)
		}()
	}
	producers.Add(prodconsProducers)
	for p := 0; p < prodconsProducers; p++ {
		go func() {
			defer producers.Done()
			for v := int64(1); v <= perProducer; v++ {
				ch <- v
			}
		}()
	}
	producers.Wait()
	for c := 0; c < prodconsConsumers; c++ {
		ch <- 0
	}
	consumers.Wait()
	if err := check("prodcons messages", prodconsProducers*perProducer, count); err != nil {
		return outcome{}, err
	}
	return ops(prodconsProducers * perProducer),
		check("prodcons sum", prodconsProducers*(perProducer*(perProducer+1)/2), sum)
}
