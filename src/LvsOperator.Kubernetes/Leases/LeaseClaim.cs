using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Kubernetes.Leases;

/// <summary>
/// The decision of one try, as client-go's <c>tryAcquireOrRenew</c> makes it: the Lease to write, or none while
/// another holder's term runs. No clock or client here; the elector reads, decides and writes.
/// </summary>
internal static class LeaseClaim
{
    /// <param name="current">The Lease as read; null when there is none yet.</param>
    /// <param name="unchangedFor">How long this replica has seen <paramref name="current"/> unchanged. Another
    /// holder's term is counted from then, not from its renewTime, so the replicas' clocks need not agree.</param>
    /// <returns>The Lease to create (when <paramref name="current"/> is null) or to replace, conditional on the
    /// resourceVersion read; null when another holder's term has not run out.</returns>
    public static Lease? Next(Lease? current, LeaseElectorOptions options, DateTimeOffset now, TimeSpan unchangedFor)
    {
        var spec = current?.Spec;
        var ours = spec?.HolderIdentity == options.Identity;
        if (!ours && !string.IsNullOrEmpty(spec?.HolderIdentity) && unchangedFor < TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? 0))
        {
            return null;
        }

        var claimed = new LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
            AcquireTime = ours ? spec!.AcquireTime ?? now : now,
            RenewTime = now,
            LeaseTransitions = spec is null ? 0 : (spec.LeaseTransitions ?? 0) + (ours ? 0 : 1),
        };
        return current is null
            ? new Lease { Metadata = new ObjectMeta { Name = options.Name, Namespace = options.Namespace }, Spec = claimed }
            : current with { Spec = claimed };
    }

    /// <summary>
    /// Given up on a graceful stop (client-go's <c>ReleaseOnCancel</c>): holder emptied, duration one second, so a
    /// standby takes over on its next try instead of waiting out the term. Null when this replica does not hold it.
    /// </summary>
    public static Lease? Release(Lease? current, string identity, DateTimeOffset now) =>
        current is { Spec: { } spec } && spec.HolderIdentity == identity
            ? current with { Spec = spec with { HolderIdentity = "", LeaseDurationSeconds = 1, RenewTime = now } }
            : null;
}
