using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests;

/// <summary>Short builders for resources in tests.</summary>
internal static class Make
{
    public static VirtualService Vs(string name, VirtualServiceSpec spec, DateTimeOffset? created = null, string ns = "default") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, CreationTimestamp = created },
        Spec = spec,
    };

    public static RealServer Rs(string name, RealServerSpec spec, string app = "web", string ns = "default") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = spec,
    };

    public static RealServerSource Selecting(string app) => new()
    {
        Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
    };

    /// <summary>The seed's DR service: VIP port 10087, wrr, persistent 60 s, three real servers 2/1/1.</summary>
    public static VirtualServiceSpec SeedSpec => new()
    {
        Addresses = ["192.0.2.120"],
        Port = 10087,
        Scheduler = new Scheduler { Name = "wrr" },
        Persistence = new Persistence { TimeoutSeconds = 60 },
        Forwarding = new Forwarding { Method = ForwardingMethod.DirectRouting },
        RealServers = Selecting("web"),
    };

    public static RealServer[] SeedRealServers =>
    [
        Rs("rs-102", new RealServerSpec { Address = "198.18.0.102", Weight = 2, NodeName = "node-102" }),
        Rs("rs-103", new RealServerSpec { Address = "198.18.0.103", Weight = 1, NodeName = "node-103" }),
        Rs("rs-104", new RealServerSpec { Address = "198.18.0.104", Weight = 1, NodeName = "node-104" }),
    ];

    public static NodeInfo Node(string name, params (string Key, string Value)[] labels) =>
        new(name, labels.ToDictionary(l => l.Key, l => l.Value));

    public static ClusterSnapshot Snapshot(IEnumerable<VirtualService> vs, IEnumerable<RealServer>? rs = null, IEnumerable<ServiceBackends>? services = null, params NodeInfo[] nodes) =>
        new(vs.ToList(), (rs ?? []).ToList(), (services ?? []).ToList(), nodes.Length == 0 ? [Node("director")] : nodes);
}
