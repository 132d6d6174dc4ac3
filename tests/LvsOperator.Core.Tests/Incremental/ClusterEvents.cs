using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>
/// Events over a small universe, so that VIPs collide, selectors pick the same RealServers, a RealServer is the
/// VIP of another service (refused), failover groups disagree and nodes change role.
/// </summary>
internal static class ClusterEvents
{
    private static readonly string[] VirtualServices = ["v0", "v1", "v2", "v3"];
    private static readonly string[] RealServers = ["r0", "r1", "r2"];
    private static readonly string[] Services = ["s0", "s1"];
    private static readonly string[] Nodes = ["n0", "n1", "n2"];
    private static readonly string[] Vips = ["192.0.2.1", "192.0.2.2", "2001:db8::1"];
    private static readonly string[] Backends = ["198.18.0.1", "198.18.0.2", "192.0.2.1", "2001:db8::5", "not-an-address"];

    public static Gen<List<ClusterEvent>> Sequences => Gen.ListOf(Event).Select(l => l.ToList());

    private static Gen<ClusterEvent> Event => Gen.OneOf(
        VirtualService, VirtualService, VirtualService,
        from ns in Gen.Elements("default", "other") from name in Gen.Elements(VirtualServices) select (ClusterEvent)new RemoveVirtualService(ns, name),
        RealServer, RealServer,
        Gen.Elements(RealServers).Select(n => (ClusterEvent)new RemoveRealServer(n)),
        Service, Service,
        Gen.Elements(Services).Select(n => (ClusterEvent)new RemoveService(n)),
        Node,
        Gen.Elements(Nodes).Select(n => (ClusterEvent)new RemoveNode(n)));

    private static Gen<ClusterEvent> VirtualService =>
        from ns in Gen.Elements("default", "default", "other")
        from name in Gen.Elements(VirtualServices)
        from vip in Gen.Elements(Vips)
        from twoVips in Gen.Elements(false, false, true)
        from port in Gen.Elements(80, 443)
        from nat in Gen.Elements(false, true)
        from source in Gen.Choose(0, 3)
        from directors in Gen.Elements<string?>(null, null, "x")
        from vrid in Gen.Elements<int?>(null, null, 1, 2)
        from priority in Gen.Elements(100, 150)
        from minute in Gen.Choose(0, 3)
        from deleting in Gen.Elements(false, false, false, true)
        from invalid in Gen.Elements(false, false, false, false, true)
        select (ClusterEvent)new SetVirtualService(new VirtualService
        {
            Metadata = new ObjectMeta
            {
                Name = name, Namespace = ns, Uid = $"{ns}-{name}", CreationTimestamp = DateTimeOffset.UnixEpoch.AddMinutes(minute),
                DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null,
            },
            Spec = new VirtualServiceSpec
            {
                Addresses = invalid ? [] : twoVips ? [vip, vip == Vips[0] ? Vips[1] : Vips[0]] : [vip],
                Port = port,
                Forwarding = new Forwarding { Method = nat ? ForwardingMethod.Masquerade : ForwardingMethod.DirectRouting },
                RealServers = source switch
                {
                    0 => Make.Selecting("a"),
                    1 => Make.Selecting("b"),
                    2 => new RealServerSource { Service = new ServiceReference { Name = Services[minute % 2] } },
                    _ => new RealServerSource { Static = [new RealServerSpec { Address = "203.0.113.7", NodeName = "n1" }] },
                },
                Directors = directors is null ? null : new DirectorSelection { NodeSelector = new Dictionary<string, string> { ["role"] = directors } },
                Failover = vrid is { } id ? new Failover { VirtualRouterId = id, Priority = priority, Unicast = priority > 100 } : null,
            },
        });

    private static Gen<ClusterEvent> RealServer =>
        from name in Gen.Elements(RealServers)
        from app in Gen.Elements("a", "b")
        from address in Gen.Elements(Backends)
        from port in Gen.Elements<int?>(null, 8080)
        from node in Gen.Elements<string?>(null, "n0", "n1")
        from accepted in Gen.Elements<string?>(null, "198.18.0.9", "not-an-address")
        select (ClusterEvent)new SetRealServer(Make.Rs(name, new RealServerSpec { Address = address, Port = port, NodeName = node }, app) with
        {
            Status = accepted is null ? null : new RealServerStatus { AcceptedSpec = new RealServerSpec { Address = accepted } },
        });

    private static Gen<ClusterEvent> Service =>
        from name in Gen.Elements(Services)
        from named in Gen.Elements(false, true)
        from endpoints in Gen.SubListOf(Backends.Take(4))
        from ready in Gen.Elements(false, true, true)
        from node in Gen.Elements<string?>(null, "n2")
        select (ClusterEvent)new SetService(new ServiceBackends("default", name,
            named ? [new ServicePortInfo("http", 80, Protocol.Tcp), new ServicePortInfo("https", 443, Protocol.Tcp)] : [new ServicePortInfo("", 80, Protocol.Tcp)],
            endpoints.Select(a => new EndpointInfo(a, new Dictionary<string, int> { [named ? "http" : ""] = 8080 }, ready, ready, !ready, node)).ToList()));

    private static Gen<ClusterEvent> Node =>
        from name in Gen.Elements(Nodes)
        from role in Gen.Elements<string?>(null, "x")
        from addressed in Gen.Elements(false, true)
        select (ClusterEvent)new SetNode(new NodeInfo(name, role is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["role"] = role })
        {
            Addresses = addressed ? [IPAddress.Parse($"203.0.113.{name[1] - '0' + 10}")] : [],
        });
}
