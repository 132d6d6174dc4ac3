// One endpoint change in a large table: how many kernel mutations, and how long from the change to the kernel.
// Usage (inside a fresh network namespace with lo up): LvsOperator.Node.Bench [services] [destinations-per-service]
using System.Diagnostics;
using System.Globalization;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;

var services = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var perService = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var state = Directory.CreateTempSubdirectory("lvs-bench-");
using var kernel = await NetlinkNodeKernel.OpenAsync(CancellationToken.None);
var reconciler = new NodeReconciler(kernel, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
var node = new NodeInfo("director", new Dictionary<string, string>());

var snapshot = Snapshot(services, perService, changedWeight: 1);
var clock = Stopwatch.StartNew();
var first = await reconciler.ReconcileAsync(Compile(snapshot), CancellationToken.None);
Console.WriteLine($"initial: {services} services x {perService} destinations: {first.Outcomes.Count} operations, {first.Failures.Count()} failed, {clock.Elapsed.TotalSeconds:F2} s");

var idle = await Timed(() => reconciler.ReconcileAsync(Compile(snapshot), CancellationToken.None));
Console.WriteLine($"no change: {idle.Result.Outcomes.Count} operations; compile+read+plan {idle.Elapsed.TotalMilliseconds:F0} ms");

// The event: one real server's weight changes (as an EndpointSlice or manifest edit would).
var changed = Snapshot(services, perService, changedWeight: 5);
var compile = await Timed(() => Task.FromResult(Compile(changed)));
// The agent's standalone source compiles by changes (ManifestCompilation): only the edited VirtualService, then the
// node's share merged again from every VirtualService's fragment.
var incremental = IncrementalCompiler.From(snapshot, new CompilerOptions());
var recompile = await Timed(() =>
{
    incremental.SetVirtualService(changed.VirtualServices[0]);
    incremental.Compile();
    return Task.FromResult(incremental.State.ForNode(node.Name));
});
Console.WriteLine($"compile of the change: from scratch {compile.Elapsed.TotalMilliseconds:F0} ms, incremental {recompile.Elapsed.TotalMilliseconds:F0} ms"
    + $" (same state: {Describe(recompile.Result) == Describe(compile.Result)})");
// Woken by the change, the agent re-reads only the services whose desired state moved (ReadScope.ChangedServices).
var cycle = await Timed(() => reconciler.ReconcileAsync(compile.Result, CancellationToken.None, ReadScope.ChangedServices));
Console.WriteLine($"one weight change: {cycle.Result.Outcomes.Count} kernel mutation(s): {string.Join("; ", cycle.Result.Plan.Operations)}");
Console.WriteLine($"event-to-kernel: compile {compile.Elapsed.TotalMilliseconds:F0} ms + reconcile {cycle.Elapsed.TotalMilliseconds:F0} ms = {(compile.Elapsed + cycle.Elapsed).TotalMilliseconds:F0} ms");
var resync = await Timed(() => reconciler.ReconcileAsync(compile.Result, CancellationToken.None));
Console.WriteLine($"resync (every destination dumped again): {resync.Result.Outcomes.Count} operations, {resync.Elapsed.TotalMilliseconds:F0} ms");
state.Delete(recursive: true);
return cycle.Result.Outcomes.Count == 1 && !cycle.Result.Failures.Any() ? 0 : 1;

LvsOperator.Core.Kernel.NodeDesiredState Compile(ClusterSnapshot s) => Compiler.Compile(s, new CompilerOptions()).ForNode(node.Name);

static string Describe(LvsOperator.Core.Kernel.NodeDesiredState state) =>
    string.Join("\n", state.Services.Select(s => $"{s.Key} {s.Value.Service} [{string.Join(", ", s.Value.Destinations.Values)}]"));

static async Task<(T Result, TimeSpan Elapsed)> Timed<T>(Func<Task<T>> action)
{
    var watch = Stopwatch.StartNew();
    var result = await action();
    return (result, watch.Elapsed);
}

// Services on 198.18.0.0/15 VIPs (port 80), real servers on 203.0.113.0/24 ports; the first real server's weight varies.
static ClusterSnapshot Snapshot(int services, int perService, int changedWeight)
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
