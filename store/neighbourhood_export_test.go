package store

// EdgesLookedAtPerNode is edgesLookedAtPerNode, for the tests of package
// store_test.
const EdgesLookedAtPerNode = edgesLookedAtPerNode
