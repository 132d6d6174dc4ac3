using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>Collects the writes decided in one pass.</summary>
internal sealed class OutputBuilder
{
    public List<SliceChange> Slices { get; } = [];
    public List<StatusChange<VirtualServiceStatus>> VirtualServiceStatuses { get; } = [];
    public List<StatusChange<RealServerStatus>> RealServerStatuses { get; } = [];
    public List<FinalizerChange> Finalizers { get; } = [];
    public List<ControllerEvent> Events { get; } = [];

    public ControllerOutput Build() => new(Slices, VirtualServiceStatuses, RealServerStatuses, Finalizers, Events);
}
