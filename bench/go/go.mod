module spindle.io/bench

go 1.19
