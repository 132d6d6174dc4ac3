// One endpoint change in a large table: how many kernel mutations, and how long from the change to the kernel, split
// into the phases of the agent's path (issue 14).
// Usage (inside a fresh network namespace with lo up): LvsOperator.Node.Bench [services] [destinations-per-service] [changes]
// With --memory as the last argument it runs on any host against a kernel in memory that already holds the table: the
// pure phases (compile, merge, plan) as the agent runs them, with no netlink.
using System.Diagnostics;
using System.Globalization;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Bench;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;

var services = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var perService = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var inMemory = args.Contains("--memory");
var changes = args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var n) ? n : 5;
var state = Directory.CreateTempSubdirectory("lvs-bench-");
var node = new NodeInfo("director", new Dictionary<string, string>());
var options = new CompilerOptions();

// The agent's manifest path (ManifestCompilation): an incremental compiler and the node's shares of its answer.
var snapshot = Workload.Snapshot(services, perService, changedWeight: 1);
var clock = Stopwatch.StartNew();
var compiler = IncrementalCompiler.From(snapshot, options);
var shares = NodeShares.From(compiler.State, node.Name);
Console.WriteLine($"first compile and merge: {clock.Elapsed.TotalSeconds:F2} s");

using var kernel = inMemory ? null : await NetlinkNodeKernel.OpenAsync(CancellationToken.None);
INodeKernel target = kernel is not null ? kernel : MemoryKernel.Holding(shares.State, new LedgerStore(state.FullName));
var reconciler = new NodeReconciler(target, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
clock.Restart();
var first = await reconciler.ReconcileAsync(shares.State, CancellationToken.None);
Console.WriteLine($"initial: {services} services x {perService} destinations: {first.Outcomes.Count} operations, "
    + $"{first.Failures.Count()} failed, {clock.Elapsed.TotalSeconds:F2} s");
var idle = await reconciler.ReconcileAsync(shares.State, CancellationToken.None);
Console.WriteLine($"no change (resync): {idle.Outcomes.Count} operations; {Phases(idle)}");

// The event: one real server's weight changes (as an EndpointSlice or manifest edit would), taken as the agent does.
// The first change runs code for the first time (JIT); the later ones are the steady state of a long-running agent.
var results = new List<Change>();
for (var i = 0; i < changes; i++)
{
    var change = await OneChangeAsync(Workload.Snapshot(1, perService, changedWeight: 5 + i % 2).VirtualServices[0]);
    results.Add(change);
    Console.WriteLine($"change {i + 1}: {change.Cycle.Outcomes.Count} kernel mutation(s) [{string.Join("; ", change.Cycle.Plan.Operations)}]; "
        + $"event-to-kernel {change}");
}

var later = results.Skip(1).OrderBy(c => c.Total).ToList();
if (later.Count > 0) Console.WriteLine($"median of changes 2-{changes}: {later[later.Count / 2]}");
var wholeStart = Stopwatch.GetTimestamp();
var whole = compiler.State.ForNode(node.Name);
var wholeMerge = Stopwatch.GetElapsedTime(wholeStart);
Console.WriteLine($"for comparison, the whole merge (CompiledState.ForNode): {Ms(wholeMerge)}; "
    + $"same state: {Workload.Describe(whole) == Workload.Describe(shares.State)}");
var resync = await reconciler.ReconcileAsync(shares.State, CancellationToken.None);
Console.WriteLine($"resync (every destination dumped again): {resync.Outcomes.Count} operations, {Ms(resync.Duration)} [{Phases(resync)}]");
state.Delete(recursive: true);
return results.All(c => c.Cycle.Outcomes.Count == 1 && !c.Cycle.Failures.Any() && c.Cycle.ServicesOnly) ? 0 : 1;

async Task<Change> OneChangeAsync(VirtualService changed)
{
    var start = Stopwatch.GetTimestamp();
    compiler.SetVirtualService(changed);
    var recompiled = compiler.Compile();
    // As ManifestCompilation: the findings of what the compile returned (an error keeps the last state).
    if (recompiled.Any(k => compiler.FindingsOf(k).Count > 0)) throw new InvalidOperationException("the change is invalid");
    var compiledAt = Stopwatch.GetTimestamp();
    shares.Update(compiler, recompiled);
    var mergedAt = Stopwatch.GetTimestamp();
    // Woken by the change: ReadScope.ChangedServices, as the agent's loop asks after a change.
    var cycle = await reconciler.ReconcileAsync(shares.State, CancellationToken.None, ReadScope.ChangedServices);
    return new Change(Stopwatch.GetElapsedTime(start, compiledAt), Stopwatch.GetElapsedTime(compiledAt, mergedAt), cycle);
}

static string Ms(TimeSpan t) => Change.Ms(t);

static string Phases(ReconcileResult r) => $"read {Ms(r.Read)}, plan {Ms(r.Planning)}, apply {Ms(r.Apply)}";
