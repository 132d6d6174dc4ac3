using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Turns a snapshot of resources into the state each node's kernel must hold. Pure and deterministic:
/// the same snapshot always gives the same state, in the same order.
/// </summary>
public static class Compiler
{
    public static CompiledState Compile(ClusterSnapshot snapshot, CompilerOptions options)
    {
        var findings = new List<Finding>();
        var invalidVs = Invalid(snapshot.VirtualServices, ResourceRef.Of, ResourceValidator.Validate, findings);
        var invalidRs = Invalid(snapshot.RealServers, ResourceRef.Of, ResourceValidator.Validate, findings);
        var candidates = snapshot.VirtualServices.Where(vs => !invalidVs.Contains(ResourceRef.Of(vs)) && vs.Metadata.DeletionTimestamp is null).ToList();
        invalidVs.UnionWith(ActiveActiveIntent.HeldByVrrp(candidates, findings));
        var (winners, losers) = VipClaims.Resolve(candidates.Where(vs => !invalidVs.Contains(ResourceRef.Of(vs))), findings);
        var routers = FailoverRouters.Resolve(winners, findings);
        var sessions = ActiveActiveIntent.Sessions(winners, findings);

        var resolved = Resolve(snapshot, winners, invalidRs, findings);
        var fragments = new SortedDictionary<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>>();

        var outcomes = new SortedDictionary<ResourceRef, VirtualServiceOutcome>();
        foreach (var vs in snapshot.VirtualServices.OrderBy(ResourceRef.Of))
        {
            var self = ResourceRef.Of(vs);
            if (!winners.Contains(vs))
            {
                var why = invalidVs.Contains(self) ? Rejection.Invalid : losers.Contains(self) ? Rejection.VipConflict : Rejection.Deleting;
                outcomes[self] = new VirtualServiceOutcome(false, [], [], [], 0, 0, [], why);
                continue;
            }

            var (servers, problems) = resolved[self];
            if (vs.Spec.ActiveActive is not null) LeaveOutNat(servers, problems);
            var services = KernelServices(vs, servers);
            // A DR or TUN real server must not direct its own service: its IPVS would take the packets the
            // director already balanced to it and balance them again.
            var realServerNodes = servers.Where(s => s.NodeName is not null && s.Forwarding.Method != ForwardingMethod.Masquerade)
                .Select(s => s.NodeName!).ToHashSet(StringComparer.Ordinal);
            var directorNodes = snapshot.Nodes.Where(n => (vs.Spec.Directors?.NodeSelector ?? ImmutableDictionary<string, string>.Empty)
                    .All(l => n.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .Where(n => !realServerNodes.Contains(n.Name)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            var directors = directorNodes.Select(n => n.Name).ToList();
            if (directors.Count == 0) problems.Add(new Problem(Problem.NoDirector, "no node matches spec.directors.nodeSelector"));
            var directorAddresses = directorNodes.SelectMany(n => n.Addresses).ToList();
            if (routers.GetValueOrDefault(self) is { Unicast: true, UnicastPeers: null or [] } && directors.Count > 0 && directorAddresses.Count == 0)
                problems.Add(new Problem(Problem.NoUnicastPeers, "spec.failover.unicast: no director node has an InternalIP address, so advertisements go to multicast; name spec.failover.unicastPeers"));

            // Its Service may be created after it: until then no node gets a VIP that leads nowhere.
            if (problems.Any(p => p.Reason == Problem.ServiceNotFound))
            {
                fragments[self] = ImmutableSortedDictionary.Create<string, NodeDesiredState>(StringComparer.Ordinal);
                outcomes[self] = new VirtualServiceOutcome(true, [], [], [], 0, 0, problems);
                continue;
            }

            var own = new SortedDictionary<string, NodeStateBuilder>(StringComparer.Ordinal);
            NodeStateBuilder Node(string name) => own.TryGetValue(name, out var b) ? b : own[name] = new NodeStateBuilder();
            var failover = routers.GetValueOrDefault(self);
            var sourceNat = NeedsSourceNat(vs.Spec);
            foreach (var director in directors) AddDirector(Node(director), services, sourceNat, options, failover is null ? null : FailoverRouters.Group(failover, director, VipsOf(services), directorAddresses));
            if (sessions.GetValueOrDefault(self) is { } peers)
                foreach (var director in directorNodes) AddActiveDirector(Node(director.Name), ActiveActiveIntent.For(vs, director, VipsOf(services), peers));
            // NAT real servers need nothing on their node but a route back through the director.
            foreach (var server in servers.Where(s => s.NodeName is not null && s.Forwarding.Method != ForwardingMethod.Masquerade))
                AddRealServer(Node(server.NodeName!), server, services.Select(s => s.Service.Key), options);

            var fragment = own.ToImmutableSortedDictionary(n => n.Key, n => n.Value.Build(), StringComparer.Ordinal);
            fragments[self] = fragment;

            outcomes[self] = new VirtualServiceOutcome(
                true, services.Select(s => s.Service.Key).ToList(), directors,
                servers.Select(s => s.Origin).Where(o => o.Kind == ResourceKinds.RealServer).Distinct().ToList(),
                servers.Count, servers.Count(s => s.Weight > 0), problems);
        }

        return new CompiledState(
            outcomes.ToImmutableSortedDictionary(),
            fragments.ToImmutableSortedDictionary(),
            findings);
    }

    /// <summary>
    /// Each accepted VirtualService's real servers. A RealServer whose edit is refused (invalid, or unusable
    /// by a VirtualService that selects it) changes nothing on the nodes: its last accepted spec, which the
    /// controller keeps in <see cref="RealServerStatus.AcceptedSpec"/>, stands in for it, or it is left out
    /// if it was never accepted. Resolving twice costs only while some edit is refused.
    /// </summary>
    private static Dictionary<ResourceRef, (List<Candidate> Servers, List<Problem> Problems)> Resolve(
        ClusterSnapshot snapshot, IReadOnlyCollection<VirtualService> winners, HashSet<ResourceRef> invalidRs, List<Finding> findings)
    {
        var resolved = ResolveWith(snapshot, winners, invalidRs, findings);
        var refused = findings.Select(f => f.Resource).Where(r => r.Kind == ResourceKinds.RealServer).ToHashSet();
        if (refused.Count == 0) return resolved;

        var standIns = snapshot.RealServers.Select(rs => refused.Contains(ResourceRef.Of(rs)) ? LastAccepted(rs) : rs).OfType<RealServer>().ToList();
        // What the stand-ins would find was found when they were accepted; the findings are the edit's.
        return ResolveWith(snapshot with { RealServers = standIns }, winners, [], []);
    }

    private static Dictionary<ResourceRef, (List<Candidate>, List<Problem>)> ResolveWith(
        ClusterSnapshot snapshot, IEnumerable<VirtualService> winners, HashSet<ResourceRef> invalidRs, List<Finding> findings)
    {
        var resolver = new CandidateResolver(snapshot, invalidRs);
        var resolved = new Dictionary<ResourceRef, (List<Candidate>, List<Problem>)>();
        foreach (var vs in winners.OrderBy(ResourceRef.Of))
        {
            var problems = new List<Problem>();
            resolved[ResourceRef.Of(vs)] = (resolver.Resolve(vs, findings, problems), problems);
        }

        return resolved;
    }

    /// <summary>The RealServer as it was last accepted, if it ever was and that spec still validates.</summary>
    private static RealServer? LastAccepted(RealServer rs)
    {
        if (rs.Status?.AcceptedSpec is not { } accepted) return null;
        var standIn = rs with { Spec = accepted };
        return ResourceValidator.Validate(standIn).Count == 0 ? standIn : null;
    }

    private static HashSet<ResourceRef> Invalid<T>(
        IEnumerable<T> resources, Func<T, ResourceRef> refOf, Func<T, IReadOnlyList<FieldError>> validate, List<Finding> findings)
    {
        var invalid = new HashSet<ResourceRef>();
        foreach (var resource in resources)
        {
            var errors = validate(resource);
            if (errors.Count == 0) continue;
            invalid.Add(refOf(resource));
            findings.AddRange(errors.Select(e => new Finding(refOf(resource), e)));
        }

        return invalid;
    }

    private static List<DesiredService> KernelServices(VirtualService vs, List<Candidate> servers) =>
        VipClaims.KeysOf(vs).Select(key =>
        {
            var service = ServiceSettings.For(key, vs.Spec);
            var family = servers.Where(s => s.Address.AddressFamily == key.Family).ToList();
            var destinations = family.Select(s => Destination(s, key)).ToImmutableSortedDictionary(d => d.Key, d => d);
            var overrides = vs.Spec.HealthCheck is null ? null : family.Where(s => s.Health is not null)
                .ToImmutableSortedDictionary(s => Destination(s, key).Key, s => s.Health!);
            return new DesiredService(service, destinations, vs.Spec.HealthCheck, overrides is { Count: > 0 } ? overrides : null);
        }).ToList();

    private static IpvsDestination Destination(Candidate server, ServiceKey key)
    {
        var port = server.Port ?? (key is VirtualAddressKey v ? v.Port : 0);
        var tunnel = server.Forwarding.Tunnel ?? new Tunnel();
        return new IpvsDestination(
            new DestinationKey(server.Address, (ushort)port), server.Forwarding.Method, server.Weight,
            server.UpperThreshold, server.LowerThreshold, tunnel.Type, (ushort)(tunnel.Port ?? 0), tunnel.Checksum);
    }

    private static IEnumerable<IPAddress> VipsOf(List<DesiredService> services) => services.Select(s => s.Service.Key).OfType<VirtualAddressKey>().Select(k => k.Address);

    /// <summary>
    /// Auto masquerades NAT to a Service's endpoints: pods route their replies to their node, never back
    /// through a director, and a reply that bypasses the director reaches the client from the wrong address.
    /// </summary>
    private static bool NeedsSourceNat(VirtualServiceSpec spec) => spec.Forwarding is { Method: ForwardingMethod.Masquerade } forwarding
        && (forwarding.SourceNat ?? SourceNat.Auto) switch
        {
            SourceNat.Always => true,
            SourceNat.Auto => spec.RealServers?.Service is not null,
            _ => false,
        };

    private static void AddDirector(NodeStateBuilder node, List<DesiredService> services, bool sourceNat, CompilerOptions options, FailoverGroup? failover)
    {
        if (failover is not null) node.Failover(failover);
        if (sourceNat && services.Count > 0)
        {
            foreach (var service in services) node.SourceNat(service.Service.Key);
            node.Sysctl(Sysctls.IpvsConntrack, "1");
        }

        foreach (var service in services)
        {
            node.Service(service);
            if (service.Service.Key is not VirtualAddressKey vip) continue;
            node.Link(options.DirectorInterface, LinkKind.Dummy);
            node.Address(new InterfaceAddress(options.DirectorInterface, vip.Address));
        }

        foreach (var destination in services.SelectMany(s => s.Destinations.Values).Where(d => d.Method == ForwardingMethod.Masquerade))
            node.Sysctl(destination.Key.Address.AddressFamily == AddressFamily.InterNetworkV6 ? Sysctls.IPv6Forward : Sysctls.IPv4Forward, "1");
        if (services.Count == 0) return;
        node.Sysctl(Sysctls.ExpireNoDestinationConnection, "1");
        if (services.Any(s => s.Service.IsPersistent)) node.Sysctl(Sysctls.ExpireQuiescentTemplate, "1");
    }

    /// <summary>
    /// An active/active director announces its VIPs, and with sloppy TCP/SCTP accepts a connection whose start another
    /// director saw (the router re-hashed it after a director left): the same mh table sends it to the same real server.
    /// </summary>
    private static void AddActiveDirector(NodeStateBuilder node, BgpAnnouncement announcement)
    {
        node.Bgp(announcement);
        node.Sysctl(Sysctls.SloppyTcp, "1");
        node.Sysctl(Sysctls.SloppySctp, "1");
    }

    /// <summary>A RealServer resource asking for NAT cannot serve an active/active service (replies must pass its director).</summary>
    private static void LeaveOutNat(List<Candidate> servers, List<Problem> problems)
    {
        foreach (var nat in servers.Where(s => s.Forwarding.Method == ForwardingMethod.Masquerade))
            problems.Add(new Problem(Problem.NatRealServer, $"{nat.Origin} {nat.Field}: {Messages.ActiveActiveRealServerNat}"));
        servers.RemoveAll(s => s.Forwarding.Method == ForwardingMethod.Masquerade);
    }

    private static void AddRealServer(NodeStateBuilder node, Candidate server, IEnumerable<ServiceKey> keys, CompilerOptions options)
    {
        var ipv6 = server.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var tunnel = server.Forwarding.Method == ForwardingMethod.Tunnel;
        var vipInterface = !tunnel ? options.LoopbackInterface : ipv6 ? options.Tunnel6Interface : options.TunnelInterface;

        foreach (var vip in keys.OfType<VirtualAddressKey>().Where(k => k.Family == server.Address.AddressFamily))
            node.Address(new InterfaceAddress(vipInterface, vip.Address));
        if (tunnel) node.Link(vipInterface, LinkKind.Existing);
        // The director sends GUE to the real server's own address: the port's family is that address's.
        if (server.Forwarding.Tunnel is { Type: TunnelType.Gue, Port: { } port }) node.GuePort(new FouPortKey((ushort)port, server.Address.AddressFamily));
        if (ipv6) return; // IPv6 has no ARP; neighbour discovery answers only for the asking interface's addresses.

        foreach (var (name, value) in Sysctls.ArpSuppression(vipInterface)) node.Sysctl(name, value);
        if (tunnel) foreach (var (name, value) in Sysctls.LooseReversePath(vipInterface)) node.Sysctl(name, value);
    }
}
