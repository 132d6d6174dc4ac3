using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;

namespace LvsOperator.Agent;

/// <summary>
/// Where this node's desired state comes from: manifests on disk (standalone), or its NodeSlices in the
/// cluster. A source that cannot produce a trustworthy state returns null, and the kernel is left as it is.
/// </summary>
public interface IDesiredStateSource
{
    /// <summary>The latest valid desired state, or null when none has been valid yet.</summary>
    NodeDesiredState? Current { get; }

    /// <summary>Completes when the source may have changed; the caller then reads <see cref="Current"/> again.</summary>
    Task WaitForChangeAsync(CancellationToken cancellationToken);

    /// <summary>What became of <paramref name="applied"/> (a state read from <see cref="Current"/>): the cluster source tells the controller.</summary>
    Task ReportAsync(NodeDesiredState applied, CycleReport cycle, CancellationToken cancellationToken) => Task.CompletedTask;
}
