package graph

// Components returns the connected component of every node and the number
// of components. Labels run from 0 to n-1 with component 0 the largest;
// ties go to the component holding the smaller node id. Isolated nodes are
// components of their own.
func Components(g *Graph) (label []int32, n int) {
	nodes := g.Nodes()
	label = make([]int32, nodes)
	for i := range label {
		label[i] = -1
	}
	// Every node enters the queue exactly once, so one slice serves all
	// the breadth-first searches.
	queue := make([]int32, 0, nodes)
	for s := range nodes {
		if label[s] >= 0 {
			continue
		}
		c := int32(n)
		n++
		label[s] = c
		head := len(queue)
		queue = append(queue, int32(s))
		for ; head < len(queue); head++ {
			u := queue[head]
			for _, v := range g.adj[g.offsets[u]:g.offsets[u+1]] {
				if label[v] < 0 {
					label[v] = c
					queue = append(queue, v)
				}
			}
		}
	}
	orderBySize(label, n)
	return label, n
}

// splitDisconnected relabels part so that each connected piece of each
// community gets its own label, 0..k-1, and returns k. Splitting a
// community along missing edges never lowers modularity.
func splitDisconnected(g *Graph, part []int32) int {
	n := g.Nodes()
	label := make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	queue := make([]int32, 0, n)
	k := int32(0)
	for s := range n {
		if label[s] >= 0 {
			continue
		}
		c := part[s]
		label[s] = k
		head := len(queue)
		queue = append(queue, int32(s))
		for ; head < len(queue); head++ {
			u := queue[head]
			for _, v := range g.adj[g.offsets[u]:g.offsets[u+1]] {
				if label[v] < 0 && part[v] == c {
					label[v] = k
					queue = append(queue, v)
				}
			}
		}
		k++
	}
	copy(part, label)
	return int(k)
}
