# syntax=docker/dockerfile:1
# Two images from one file, one per target (the default is the last, controller):
#   docker build --target agent      -t lvsoperator/agent .
#   docker build --target controller -t lvsoperator/controller .
#   docker build --target agent-frr  -t lvsoperator/agent-frr .    (directors with agent.bgp.enabled)
# Two images, not one with two entrypoints: both are NativeAOT binaries that need no .NET runtime, but the agent
# runs privileged as root on every node and the controller as a non-root user; each image carries only what its
# own process needs.
# tests/chart/dockerfile-check.sh runs this file's `dotnet publish` lines and checks its COPY sources.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# NativeAOT links with clang and needs zlib's headers.
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /source
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
# The CRDs are embedded in LvsOperator.Manifests (schema checks of manifests and NodeSlices).
COPY config/crd/ config/crd/
COPY src/ src/
RUN dotnet publish src/LvsOperator.Agent -c Release -r linux-x64 -p:PublishAot=true -o /out/agent
RUN dotnet publish src/LvsOperator.Controller -c Release -r linux-x64 -p:PublishAot=true -o /out/controller

# The node agent: one NativeAOT binary on the native dependencies alone (glibc, OpenSSL; no ICU: invariant globalization).
# It stays root: the chart runs it privileged on the host network to program IPVS, addresses and sysctls.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS agent
COPY --from=build /out/agent/lvs-agent /usr/local/bin/lvs-agent
ENTRYPOINT ["/usr/local/bin/lvs-agent"]

# A director agent with FRR (issue 17, chart value agent.bgp.enabled): the agent binary plus Debian's FRR, whose
# daemons run in the sidecar and whose vtysh and frr-reload.py (frr-pythontools) the agent runs. One image for both
# containers so the tools are the daemons' own build (frr-reload.py parses that vtysh's output); a separate target
# so real-server nodes and VRRP directors keep the small image without Python and FRR.
FROM agent AS agent-frr
RUN apt-get update \
    && apt-get install -y --no-install-recommends frr frr-pythontools \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/share/lvs-operator/frr \
    && sed -e 's/^bgpd=no/bgpd=yes/' -e 's/^bfdd=no/bfdd=yes/' /etc/frr/daemons > /usr/share/lvs-operator/frr/daemons \
    && printf 'service integrated-vtysh-config\n' > /usr/share/lvs-operator/frr/vtysh.conf
COPY config/frr/frr-sidecar /usr/local/bin/frr-sidecar

# The controller: one NativeAOT binary too (issue 14: 35-38 MiB RSS with examples/ loaded, 122-131 MiB as it was
# framework-dependent; bench/README.md), as the non-root user the .NET images define (app, UID 1654). It writes
# nothing to its own filesystem, so the chart's read-only root filesystem holds.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS controller
COPY --from=build /out/controller/lvs-controller /usr/local/bin/lvs-controller
USER app
ENTRYPOINT ["/usr/local/bin/lvs-controller"]
