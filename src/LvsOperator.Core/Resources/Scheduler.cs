namespace LvsOperator.Core.Resources;

/// <summary>IPVS scheduler (ipvsadm <c>-s</c>) and its flags (<c>-b</c>).</summary>
public sealed record Scheduler
{
    /// <summary>ipvsadm's default scheduler.</summary>
    public const string DefaultName = "wlc";

    public string Name { get; init; } = DefaultName;
    public IReadOnlyList<SchedulerOption>? Flags { get; init; }
}
