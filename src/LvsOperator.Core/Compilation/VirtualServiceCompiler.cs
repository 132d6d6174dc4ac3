using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// One accepted VirtualService's share of the nodes' state, from the real servers resolved for it, the nodes
/// the failover settings and the BGP sessions (active/active) it runs with. Reads nothing else, so its result can be kept until one of those changes.
/// </summary>
internal static class VirtualServiceCompiler
{
    /// <summary>What a VirtualService that is not compiled at all comes to.</summary>
    public static VirtualServiceOutcome Rejected(Rejection why) => new(false, [], [], [], 0, 0, [], why);

    public static (VirtualServiceOutcome Outcome, ImmutableSortedDictionary<string, NodeDesiredState> Fragment) Compile(
        VirtualService vs, List<Candidate> servers, List<Problem> problems, IEnumerable<NodeInfo> nodes, Failover? failover,
        IReadOnlyList<(BgpPeer Peer, BgpSession Session)>? peers, CompilerOptions options)
    {
        if (vs.Spec.ActiveActive is not null) LeaveOutNat(servers, problems);
        var services = KernelServices(vs, servers);
        // A DR or TUN real server must not direct its own service: its IPVS would take the packets the
        // director already balanced to it and balance them again.
        var realServerNodes = servers.Where(s => s.NodeName is not null && s.Forwarding.Method != ForwardingMethod.Masquerade)
            .Select(s => s.NodeName!).ToHashSet(StringComparer.Ordinal);
        var directorNodes = nodes.Where(n => Directs(vs, n.Labels))
            .Where(n => !realServerNodes.Contains(n.Name)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var directors = directorNodes.Select(n => n.Name).ToList();
        if (directors.Count == 0) problems.Add(new Problem(Problem.NoDirector, "no node matches spec.directors.nodeSelector"));
        var directorAddresses = directorNodes.SelectMany(n => n.Addresses).ToList();
        if (failover is { Unicast: true, UnicastPeers: null or [] } && directors.Count > 0 && directorAddresses.Count == 0)
            problems.Add(new Problem(Problem.NoUnicastPeers, "spec.failover.unicast: no director node has an InternalIP address, so advertisements go to multicast; name spec.failover.unicastPeers"));

        // Its Service may be created after it: until then no node gets a VIP that leads nowhere.
        if (problems.Any(p => p.Reason == Problem.ServiceNotFound))
            return (new VirtualServiceOutcome(true, [], [], [], 0, 0, problems), ImmutableSortedDictionary.Create<string, NodeDesiredState>(StringComparer.Ordinal));

        var own = new SortedDictionary<string, NodeStateBuilder>(StringComparer.Ordinal);
        NodeStateBuilder Node(string name) => own.TryGetValue(name, out var b) ? b : own[name] = new NodeStateBuilder();
        var shares = ImmutableSortedDictionary.CreateBuilder<string, NodeDesiredState>(StringComparer.Ordinal);
        var sourceNat = NeedsSourceNat(vs.Spec);
        if (failover is null && peers is null && directors.Count > 0)
        {
            // Without a failover group or BGP sessions every director's share is the same: built once, one instance for all.
            var director = new NodeStateBuilder();
            AddDirector(director, services, sourceNat, options, null);
            var share = director.Build();
            foreach (var name in directors) shares[name] = share;
        }
        else
        {
            foreach (var director in directors) AddDirector(Node(director), services, sourceNat, options, failover is null ? null : FailoverRouters.Group(failover, director, VipsOf(services), directorAddresses));
            if (peers is not null)
                foreach (var director in directorNodes) AddActiveDirector(Node(director.Name), ActiveActiveIntent.For(vs, director, Announced(director, services), peers));
        }

        // NAT real servers need nothing on their node but a route back through the director.
        foreach (var server in servers.Where(s => s.NodeName is not null && s.Forwarding.Method != ForwardingMethod.Masquerade))
            AddRealServer(Node(server.NodeName!), server, services.Select(s => s.Service.Key), options);
        // A DR or TUN real server is never one of the directors, so no node is both.
        foreach (var (name, builder) in own) shares[name] = builder.Build();

        var outcome = new VirtualServiceOutcome(
            true, services.Select(s => s.Service.Key).ToList(), directors,
            servers.Select(s => s.Origin).Where(o => o.Kind == ResourceKinds.RealServer).Distinct().ToList(),
            servers.Count, servers.Count(s => s.Weight > 0), problems);
        return (outcome, shares.ToImmutable());
    }

    /// <summary>Whether a node with these labels matches the VirtualService's <c>spec.directors.nodeSelector</c> (none matches every node).</summary>
    public static bool Directs(VirtualService vs, IReadOnlyDictionary<string, string>? labels) =>
        vs.Spec.Directors?.NodeSelector is not { Count: > 0 } selector
        || selector.All(l => labels is not null && labels.TryGetValue(l.Key, out var v) && v == l.Value);

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

    /// <summary>A drained director keeps its sessions and its IPVS (connections it has still flow) but announces no VIP.</summary>
    private static IEnumerable<IPAddress> Announced(NodeInfo director, List<DesiredService> services) => director.Drained ? [] : VipsOf(services);

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
