package graph_test

import (
	"fmt"

	"github.com/scrutineer/scrutineer/graph"
)

func Example() {
	// Two triangles of accounts that share the same links, joined by one
	// weaker co-share, and an account that shared with nobody.
	g, err := graph.New(7, []graph.Edge{
		{U: 0, V: 1, W: 3}, {U: 1, V: 2, W: 3}, {U: 0, V: 2, W: 3},
		{U: 3, V: 4, W: 2}, {U: 4, V: 5, W: 2}, {U: 3, V: 5, W: 2},
		{U: 2, V: 3, W: 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	components, n := graph.Components(g)
	fmt.Println("components:", n, components)

	communities, err := graph.Leiden(g, graph.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("communities:", communities)
	fmt.Printf("modularity: %.3f\n", graph.Modularity(g, communities, 1))
	// Output:
	// components: 2 [0 0 0 0 0 0 1]
	// communities: [0 0 0 1 1 1 2]
	// modularity: 0.420
}
