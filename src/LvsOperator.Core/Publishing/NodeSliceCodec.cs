using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Publishing;

/// <summary>A slice the controller wants to exist: its name and spec.</summary>
public sealed record SliceDraft(string Name, NodeSliceSpec Spec);

/// <summary>Turns a VirtualService's share of a node into NodeSlice specs, and a node's slices back into its desired state.</summary>
public static class NodeSliceCodec
{
    /// <summary>
    /// Every node's slices of one VirtualService. Nodes holding one share instance (its directors, unless failover or
    /// BGP sets them apart) get its slices encoded once, each node's copy renamed: the lists inside are shared.
    /// </summary>
    public static List<SliceDraft> Encode(string virtualService, ImmutableSortedDictionary<string, NodeDesiredState> shares)
    {
        var drafts = new List<SliceDraft>(shares.Count);
        var encoded = new Dictionary<NodeDesiredState, IReadOnlyList<SliceDraft>>(ReferenceEqualityComparer.Instance);
        foreach (var (node, share) in shares)
        {
            if (!encoded.TryGetValue(share, out var known)) drafts.AddRange(encoded[share] = Encode(virtualService, node, share));
            else drafts.AddRange(known.Select((draft, i) => new SliceDraft(SliceLayout.Name(virtualService, node, i), draft.Spec with { NodeName = node })));
        }

        return drafts;
    }

    public static IReadOnlyList<SliceDraft> Encode(string virtualService, string node, NodeDesiredState share)
    {
        var count = SliceLayout.SliceCount(share.Services.Values.Sum(s => s.Destinations.Count));
        var services = Enumerable.Range(0, count).Select(_ => new List<SliceService>()).ToArray();
        foreach (var service in share.Services.Values)
        {
            var parts = new List<SliceDestination>?[count];
            foreach (var destination in service.Destinations.Values)
            {
                var part = SliceLayout.SliceOf(service.Service.Key, destination.Key, count);
                (parts[part] ??= []).Add(Encode(destination, service.HealthOverrides?.GetValueOrDefault(destination.Key)));
            }

            // The first slice names every service, so a service without destinations still exists.
            for (var i = 0; i < count; i++)
            {
                if (parts[i] is { } destinations || i == 0)
                    services[i].Add(Encode(service, share.SourceNat.Contains(service.Service.Key) ? true : null, parts[i] ?? []));
            }
        }

        return services.Select((list, i) => new SliceDraft(
            SliceLayout.Name(virtualService, node, i),
            new NodeSliceSpec
            {
                NodeName = node,
                VirtualService = virtualService,
                Services = list,
                Addresses = i == 0 ? share.Addresses.Select(a => new SliceAddress { Interface = a.Interface, Address = a.Address.ToString() }).ToList() : [],
                Links = i == 0 ? share.Links.Select(l => new SliceLink { Name = l.Key, Kind = l.Value.ToString() }).ToList() : [],
                Sysctls = i == 0 ? share.Sysctls.Select(s => new SliceSysctl { Name = s.Key, Value = s.Value }).ToList() : [],
                Failover = i == 0 ? share.Failover.Values.Select(FailoverSlices.Encode).ToList() : [],
                GuePorts = i == 0 ? share.GuePorts.Select(p => new SliceGuePort { Port = p.Port, IpFamily = p.Family.ToIpFamily() }).ToList() : [],
                Bgp = i == 0 ? BgpSlices.Encode(share.Bgp) : null,
            })).ToList();
    }

    /// <summary>
    /// One node's desired state from all its slices. A slice that does not decode (an address that is not
    /// one) is left out whole and named in <paramref name="problems"/>: half a VirtualService is worse than none.
    /// </summary>
    public static NodeDesiredState Decode(IEnumerable<NodeSlice> slices, ICollection<string> problems)
    {
        var node = new NodeStateBuilder();
        foreach (var slice in slices)
        {
            if (TryDecode(slice, out var share, out var problem)) node.Add(share);
            else problems.Add($"NodeSlice {slice.Metadata.Namespace}/{slice.Metadata.Name}: {problem}");
        }

        return node.Build();
    }

    /// <summary>One slice's share of its node, or why it is not one.</summary>
    public static bool TryDecode(NodeSlice slice, out NodeDesiredState share, out string? problem)
    {
        try
        {
            (share, problem) = (Decode(slice.Spec, slice.Metadata.Namespace ?? ""), null);
            return true;
        }
        catch (FormatException e)
        {
            (share, problem) = (NodeDesiredState.Empty, e.Message);
            return false;
        }
    }

    private static NodeDesiredState Decode(NodeSliceSpec spec, string ns)
    {
        SliceGuard.Check(spec);
        var node = new NodeStateBuilder();
        foreach (var service in spec.Services)
        {
            var settings = Decode(service);
            var destinations = service.Destinations.Select(d => (Slice: d, Kernel: Decode(d))).ToList();
            var overrides = destinations.Where(d => d.Slice.HealthCheck is not null).ToImmutableSortedDictionary(d => d.Kernel.Key, d => d.Slice.HealthCheck!);
            node.Service(new DesiredService(
                settings, destinations.ToImmutableSortedDictionary(d => d.Kernel.Key, d => d.Kernel), service.HealthCheck, overrides.Count > 0 ? overrides : null));
            if (service.SourceNat == true) node.SourceNat(settings.Key);
        }

        foreach (var address in spec.Addresses) node.Address(new InterfaceAddress(address.Interface, Address(address.Address)));
        foreach (var link in spec.Links)
            node.Link(link.Name, Enum.TryParse<LinkKind>(link.Kind, out var kind) ? kind : throw new FormatException($"unknown link kind \"{link.Kind}\""));
        foreach (var sysctl in spec.Sysctls) node.Sysctl(sysctl.Name, sysctl.Value);
        foreach (var group in spec.Failover) node.Failover(FailoverSlices.Decode(group));
        foreach (var port in spec.GuePorts)
            node.GuePort(new FouPortKey((ushort)port.Port, port.IpFamily.ToAddressFamily()));
        node.Bgp(BgpSlices.Decode(spec.Bgp, ns));
        return node.Build();
    }

    private static SliceService Encode(DesiredService desired, bool? sourceNat, List<SliceDestination> destinations)
    {
        var service = desired.Service;
        var (vip, mark) = (service.Key as VirtualAddressKey, service.Key as FirewallMarkKey);
        if (vip is null && mark is null) throw new ArgumentOutOfRangeException(nameof(desired), service.Key, null);
        return new SliceService
        {
            Protocol = vip?.Protocol,
            Address = vip?.Address.ToString(),
            Port = vip?.Port,
            FirewallMark = mark?.Mark,
            IpFamily = mark?.Family.ToIpFamily(),
            Scheduler = service.Scheduler,
            Flags = (long)service.Flags,
            Persistence = service.IsPersistent
                ? new SlicePersistence { TimeoutSeconds = service.PersistenceTimeoutSeconds, PrefixLength = service.PersistencePrefixLength, Engine = service.PersistenceEngine }
                : null,
            HealthCheck = desired.HealthCheck,
            SourceNat = sourceNat,
            Destinations = destinations,
        };
    }

    private static IpvsService Decode(SliceService service)
    {
        ServiceKey key = service switch
        {
            { FirewallMark: { } mark } => new FirewallMarkKey((uint)mark, service.IpFamily.ToAddressFamily()),
            { Protocol: { } protocol, Address: { } address, Port: { } port } => new VirtualAddressKey(protocol, Address(address), (ushort)port),
            _ => throw new FormatException("a service needs protocol, address and port, or a firewallMark"),
        };
        var persistence = service.Persistence;
        return new IpvsService(
            key, service.Scheduler, (ServiceFlags)service.Flags, (uint)(persistence?.TimeoutSeconds ?? 0),
            persistence?.PrefixLength ?? Endpoints.HostPrefix(key.Family), persistence?.Engine);
    }

    private static SliceDestination Encode(IpvsDestination destination, HealthCheckOverride? healthCheck) => new()
    {
        Address = destination.Key.Address.ToString(),
        Port = destination.Key.Port,
        Forwarding = destination.Method,
        Weight = destination.Weight,
        UpperThreshold = destination.UpperThreshold == 0 ? null : destination.UpperThreshold,
        LowerThreshold = destination.LowerThreshold == 0 ? null : destination.LowerThreshold,
        Tunnel = destination.Method == ForwardingMethod.Tunnel
            ? new Tunnel { Type = destination.TunnelType, Port = destination.TunnelPort == 0 ? null : destination.TunnelPort, Checksum = destination.TunnelChecksum }
            : null,
        HealthCheck = healthCheck,
    };

    private static IpvsDestination Decode(SliceDestination destination)
    {
        var tunnel = destination.Tunnel ?? new Tunnel();
        return new IpvsDestination(
            new DestinationKey(Address(destination.Address), (ushort)destination.Port), destination.Forwarding, destination.Weight,
            (uint)(destination.UpperThreshold ?? 0), (uint)(destination.LowerThreshold ?? 0),
            tunnel.Type, (ushort)(tunnel.Port ?? 0), tunnel.Checksum);
    }

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"\"{text}\" is not an IP address");
}
