using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// The desired state as the planner must see it with failover: each read configures the VRRP routers from the
/// source's groups and withholds the VIPs this node is not master of; an election result wakes the loop like a
/// change of the source. Reports go to the source with the state it handed out (it matches them by reference),
/// and tell the routers their VIPs are on the node, so a new master announces them only then.
/// </summary>
internal sealed class FailoverGatedSource(IDesiredStateSource inner, FailoverCoordinator failover, IOptions<AgentOptions> options) : IDesiredStateSource
{
    private (NodeDesiredState Source, NodeDesiredState Gated)? _last;

    public NodeDesiredState? Current
    {
        get
        {
            if (inner.Current is not { } desired) return null;
            failover.Configure(desired.Failover);
            var gated = FailoverGate.Apply(desired, failover.Held, options.Value.DirectorInterface);
            _last = (desired, gated);
            return gated;
        }
    }

    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(inner.WaitForChangeAsync(either.Token), failover.WaitForChangeAsync(either.Token)).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task ReportAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken cancellationToken)
    {
        var source = _last is { } last && ReferenceEquals(last.Gated, applied) ? last.Source : applied;
        if (!cycle.Failures.Any()) failover.Applied(applied);
        return inner.ReportAsync(source, cycle with { Failover = failover.Routers }, cancellationToken);
    }
}
