using System.Net;
using k8s;
using k8s.Autorest;

namespace LvsOperator.Controller;

/// <summary>
/// Gives the Lease up on a graceful stop, as client-go's <c>ReleaseOnCancel</c> does (KubernetesClient's
/// LeaderElector has no such option): the holder is emptied and the duration set to one second, so a standby
/// takes over on its next try instead of waiting out the full LeaseDuration (issue 12: every rolling update
/// left a 15-18 s gap).
/// </summary>
internal static class LeaseRelease
{
    /// <summary>A renewal cancelled by the stop may still land after the read: a conflict is read again, this often.</summary>
    private const int Attempts = 3;

    /// <returns>Whether this replica still held the Lease and gave it up; each write is conditional on the
    /// resourceVersion read, so a Lease a standby took meanwhile is never touched.</returns>
    public static async Task<bool> ReleaseAsync(
        IKubernetes client, string @namespace, string name, string identity, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryReleaseAsync(client, @namespace, name, identity, now, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < Attempts)
            {
                // Written meanwhile (by our own last renewal, or by a standby): read it again.
            }
        }
    }

    private static async Task<bool> TryReleaseAsync(
        IKubernetes client, string @namespace, string name, string identity, DateTime now, CancellationToken cancellationToken)
    {
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: cancellationToken);
        if (lease.Spec?.HolderIdentity != identity) return false;
        // Empty, not absent: KubernetesClient's elector re-creates a Lease whose holder is absent, and that fails.
        lease.Spec.HolderIdentity = "";
        lease.Spec.LeaseDurationSeconds = 1;
        lease.Spec.RenewTime = now;
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, @namespace, cancellationToken: cancellationToken);
        return true;
    }
}
