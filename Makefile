# LvsOperator: the two commands a newcomer runs first are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

build: ## build the solution
	dotnet build LvsOperator.sln --nologo -v quiet

test: build ## run every test: host suites, CRD schema suite, kernel suite in the lab VM
	tests/run-all.sh

test-under-load: build ## the lab suites (kernel, e2e, cluster, failover, bgp) with a CPU hog of 2 x nproc on the host
	tests/run-under-load.sh

fuzz: ## the manifest fuzzing suite at 1,000,000 inputs, as CI runs it; LVS_FUZZ_INPUTS and LVS_FUZZ_SEED change it
	dotnet build tests/LvsOperator.Manifests.Tests --nologo -v quiet -c Release
	LVS_FUZZ_INPUTS=$${LVS_FUZZ_INPUTS:-1000000} dotnet test tests/LvsOperator.Manifests.Tests --no-build -c Release --nologo \
	  --filter FullyQualifiedName~ManifestFuzz --logger "console;verbosity=detailed"

demo: build ## boot the kernel lab and program real IPVS from examples/
	demo/run.sh

demo-cluster: build ## the operator in a cluster: real API server, controller, agents in the lab VM, traffic
	tests/lab/cluster/run.sh

stress-election: ## VRRP under a CPU and memory hog in the lab VM: master transitions, agent vs keepalived (not in make test)
	tests/lab/failover/stress.sh

bench-e2e: build ## 1,000 Services x 10 endpoints: operator vs kube-proxy IPVS mode in the lab VM, PATCH -> IPVS, start, RSS (not in make test)
	bench/e2e-kube-proxy.sh

test-bgp: build ## only the BGP lab suite (active/active directors, ECMP, mh; also part of make test)
	tests/lab/bgp/run.sh

clean: ## remove build output and test results (keeps the lab's kernel cache)
	dotnet clean LvsOperator.sln --nologo -v quiet
	rm -rf artifacts

.PHONY: help build test test-under-load fuzz demo demo-cluster stress-election bench-e2e test-bgp clean
