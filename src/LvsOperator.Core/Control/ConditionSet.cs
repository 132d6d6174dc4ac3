using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// Builds a resource's new conditions from its current ones as <c>meta.SetStatusCondition</c> does: the
/// transition time moves only when the status does (<see cref="Condition.Next"/>), so an unchanged condition writes nothing.
/// </summary>
internal sealed class ConditionSet(IReadOnlyList<Condition>? current, long? generation, DateTimeOffset now)
{
    private readonly List<Condition> _conditions = [];
    private readonly List<(Condition Before, Condition After)> _changes = [];

    public IReadOnlyList<Condition> Conditions => _conditions;

    /// <summary>Conditions whose status or reason changed (or that are new): what deserves an event.</summary>
    public IReadOnlyList<Condition> Changed => _changes.Select(c => c.After).ToList();

    public void Set(string type, bool status, string reason, string message) =>
        Set(type, status ? ConditionStatus.True : ConditionStatus.False, reason, message);

    public void Set(string type, ConditionStatus value, string reason, string message)
    {
        var before = current?.FirstOrDefault(c => c.Type == type);
        var condition = Condition.Next(before, type, value, reason, message, generation, now);
        _conditions.Add(condition);
        if (before is null || before.Status != value || before.Reason != reason) _changes.Add((before ?? condition, condition));
    }
}
