using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;

namespace LvsOperator.Controller;

/// <summary>
/// One term's decisions: the compile is kept between passes and fed the objects the changes name, read fresh from
/// the caches; a pass decides only the keys they touch. A full pass (the first, and one per resync interval) compiles
/// from scratch and decides every key: the safety net, not the mechanism.
/// </summary>
public sealed class DecisionPass(ClusterCaches caches, CompilerOptions options)
{
    private IncrementalCompiler? _compiler;

    /// <summary>Decides what the changes since the last pass need, or everything when <paramref name="full"/> (or nothing was compiled yet).</summary>
    public Decided Next(DateTimeOffset now, bool full)
    {
        var pending = caches.Changes.Take();
        if (full || _compiler is null)
        {
            // What changed meanwhile is in the snapshot: a full pass reads everything. The old compile is let go
            // first, so the two are never held at once (about 40 MB each at 10,000 x 10).
            _compiler = null;
            _compiler = IncrementalCompiler.From(caches.Snapshot(now).Cluster, options);
            var all = caches.AllResources().Concat(caches.PublishedFor()).ToHashSet();
            return new Decided(KeyedDecisions.Decide(_compiler, caches, all, now), all, Full: true, LoadBalancers: true);
        }

        Feed(_compiler, pending);
        var keys = new HashSet<ResourceRef>(_compiler.Compile());
        keys.UnionWith(pending.Resources);
        keys.UnionWith(pending.Decide);
        if (pending.Health.Count > 0) keys.UnionWith(caches.RealServersAt(pending.Health));
        foreach (var node in pending.Nodes) keys.UnionWith(caches.HeldOnGoneNode(node));
        return new Decided(KeyedDecisions.Decide(_compiler, caches, keys, now), keys, Full: false, pending.LoadBalancers);
    }

    /// <summary>A pass whose writes failed: its keys are decided again next time (the compile already holds their inputs).</summary>
    public void Retry(Decided decided)
    {
        foreach (var key in decided.Keys) caches.Changes.Decide(key);
        if (decided.LoadBalancers) caches.Changes.LoadBalancers();
    }

    private void Feed(IncrementalCompiler compiler, ChangeLog.Pending pending)
    {
        foreach (var key in pending.Resources)
        {
            if (key.Kind == ResourceKinds.VirtualService)
            {
                if (caches.VirtualService(key) is { } vs) compiler.SetVirtualService(vs);
                else compiler.RemoveVirtualService(key);
            }
            else if (caches.RealServer(key) is { } rs) compiler.SetRealServer(rs);
            else compiler.RemoveRealServer(key);
        }

        foreach (var (ns, name) in pending.Services)
        {
            if (caches.Backends(ns, name) is { } service) compiler.SetService(service);
            else compiler.RemoveService(ns, name);
        }

        foreach (var name in pending.Nodes)
        {
            if (caches.Director(name) is { } node) compiler.SetNode(node);
            else compiler.RemoveNode(name);
        }
    }

    /// <summary>The writes one pass asks for, the keys it decided, whether it was a full pass, and whether LoadBalancers run.</summary>
    public sealed record Decided(ControllerOutput Output, IReadOnlyCollection<ResourceRef> Keys, bool Full, bool LoadBalancers);
}
