using System.Text;
using LvsOperator.Core.Kernel;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Bgp;

/// <summary>
/// Reads each password with one GET of its Secret by name, each time FRR's configuration is worked out: a rotated
/// password reaches FRR with the next cycle, and a GET by name is what RBAC can grant for named Secrets only
/// (<c>resourceNames</c> cannot restrict a list or a watch). A Secret missing, forbidden or without the key is logged
/// and its session left out; the others go on.
/// </summary>
internal sealed partial class SecretPasswordSource(KubeApiClient api, ILogger<SecretPasswordSource> logger) : IBgpPasswordSource
{
    private readonly ResourceClient<Secret> _secrets = api.Resource(ResourceTypes.Secrets);

    public async Task<IReadOnlyDictionary<BgpPasswordRef, string>> ReadAsync(IEnumerable<BgpPasswordRef> wanted, CancellationToken cancellationToken)
    {
        var passwords = new Dictionary<BgpPasswordRef, string>();
        foreach (var secret in wanted.GroupBy(w => (w.Namespace, w.Name)))
        {
            Secret? read;
            try
            {
                read = await _secrets.GetAsync(secret.Key.Namespace, secret.Key.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnreadable(secret.Key.Namespace, secret.Key.Name, e.Message);
                continue;
            }

            foreach (var reference in secret)
            {
                if (read?.Data?.GetValueOrDefault(reference.Key) is { } bytes) passwords[reference] = Encoding.UTF8.GetString(bytes);
                else LogMissing(reference.Namespace, reference.Name, reference.Key);
            }
        }

        return passwords;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: cannot read Secret {Namespace}/{Name} (is it granted to the agent? see bgp.passwordSecrets): {Reason}")]
    private partial void LogUnreadable(string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP: Secret {Namespace}/{Name} has no key {Key}")]
    private partial void LogMissing(string @namespace, string name, string key);
}
