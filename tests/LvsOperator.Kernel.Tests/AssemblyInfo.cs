// One test at a time: the kernel keeps one IPVS service table for all network namespaces, and a dump
// resumes by position in it, so churn in another test's namespace makes this one's dump skip or repeat
// services (see src/LvsOperator.Netlink/README.md). Namespaces isolate what tests see, not this.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
