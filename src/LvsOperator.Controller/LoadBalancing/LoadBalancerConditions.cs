using LvsOperator.Core.Resources;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// The one condition LvsOperator keeps on a Service it serves, beside the other implementations' ones. Its
/// presence is also the mark that the controller wrote the Service's status: a Service that stops being ours has
/// its ingress cleared only when it carries it.
/// </summary>
public static class LoadBalancerConditions
{
    public const string AddressAllocated = "lvsoperator.io/AddressAllocated";
    public const string ReasonAllocated = "Allocated";

    public const string IPAllocated = "IPAllocated";
    public const string AllocationFailed = "AllocationFailed";
    public const string AddressReleased = "AddressReleased";
    public const string EditReverted = "EditReverted";

    private const string FromPool = " from AddressPool ";

    /// <summary>The message of a True condition: the addresses and the pool they came from, which <see cref="PoolOf"/> reads back.</summary>
    public static string AllocatedMessage(IReadOnlyList<string> addresses, string? pool) => $"{string.Join(", ", addresses)}{FromPool}{pool}";

    /// <summary>
    /// The pool a Service's addresses came from, as its condition says: the controller may write a Service's status and
    /// nothing else of it, so this is where the allocator's <c>allocated-from-pool</c> is kept (a pool that shrank
    /// under an address no longer tells whose it was).
    /// </summary>
    public static string? PoolOf(IReadOnlyList<Condition>? conditions) =>
        Ours(conditions) is { Status: ConditionStatus.True, Reason: ReasonAllocated } c && c.Message.LastIndexOf(FromPool, StringComparison.Ordinal) is var at and >= 0
            ? c.Message[(at + FromPool.Length)..] is { Length: > 0 } pool ? pool : null
            : null;

    public static Condition? Ours(IReadOnlyList<Condition>? conditions) => conditions?.FirstOrDefault(c => c.Type == AddressAllocated);

    /// <summary>The conditions with ours set (its transition time kept unless its status moved), others as they were.</summary>
    public static IReadOnlyList<Condition> With(IReadOnlyList<Condition>? current, bool allocated, string reason, string message, long? generation, DateTimeOffset now)
    {
        var before = Ours(current);
        var status = allocated ? ConditionStatus.True : ConditionStatus.False;
        var condition = Condition.Next(
            before, AddressAllocated, status, reason, message.Length <= 32768 ? message : message[..32765] + "...", generation, now);
        return Without(current).Append(condition).ToList();
    }

    public static IReadOnlyList<Condition> Without(IReadOnlyList<Condition>? current) => (current ?? []).Where(c => c.Type != AddressAllocated).ToList();

    /// <summary>Equal as the API server stores them (its times have whole seconds).</summary>
    public static bool Same(IReadOnlyList<Condition>? a, IReadOnlyList<Condition>? b) =>
        (a ?? []).Count == (b ?? []).Count && (a ?? []).Zip(b ?? []).All(p => p.First with { LastTransitionTime = default } == p.Second with { LastTransitionTime = default }
            && p.First.LastTransitionTime.ToUnixTimeSeconds() == p.Second.LastTransitionTime.ToUnixTimeSeconds());
}
