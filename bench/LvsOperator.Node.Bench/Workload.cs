using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Node.Bench;

internal static class Workload
{
    // Services on 198.18.0.0/15 VIPs (port 80), real servers on 203.0.113.0/24 ports; the first real server's weight varies.
    public static ClusterSnapshot Snapshot(int services, int perService, int changedWeight)
    {
        var list = new List<VirtualService>(services);
        for (var i = 0; i < services; i++)
        {
            var vip = $"198.{18 + i / 65536}.{i / 256 % 256}.{i % 256}";
            var servers = Enumerable.Range(0, perService).Select(d => new RealServerSpec
            {
                Address = $"203.0.113.{1 + d}",
                Port = 1024 + i % 60000,
                Weight = i == 0 && d == 0 ? changedWeight : 1,
            }).ToList();
            list.Add(new VirtualService
            {
                Metadata = new ObjectMeta { Name = $"vs-{i}", Namespace = "bench" },
                Spec = new VirtualServiceSpec
                {
                    Addresses = [vip], Port = 80, Scheduler = new Scheduler { Name = "rr" },
                    Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
                    RealServers = new RealServerSource { Static = servers },
                },
            });
        }

        return new ClusterSnapshot(list, [], [], [new NodeInfo("director", new Dictionary<string, string>())]);
    }

    public static string Describe(NodeDesiredState state) =>
        string.Join("\n", state.Services.Select(s => $"{s.Key} {s.Value.Service} [{string.Join(", ", s.Value.Destinations.Values)}]"))
        + $"\n{string.Join(", ", state.Addresses)}\n{string.Join(", ", state.Links)}\n{string.Join(", ", state.Sysctls)}";
}
