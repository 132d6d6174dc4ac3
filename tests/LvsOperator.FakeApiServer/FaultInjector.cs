namespace LvsOperator.FakeApiServer;

/// <summary>
/// Faults armed by tests, checked in arming order before a request is served; the first rule with firings left wins.
/// Example: <c>server.Faults.Next("PUT", "/apis/lvsoperator.io/v1alpha1/namespaces/a/nodeslices/n/status").Respond(500)</c>.
/// </summary>
public sealed class FaultInjector
{
    private readonly List<FaultRule> rules = [];

    /// <summary>Requests with this method (null: any) whose path starts with <paramref name="pathPrefix"/>.</summary>
    public FaultRuleBuilder Next(string? method, string pathPrefix) => new(this, method, pathPrefix, watchOnly: false);

    /// <summary>Watch requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public FaultRuleBuilder NextWatch(string pathPrefix) => new(this, null, pathPrefix, watchOnly: true);

    /// <summary>The next <paramref name="watches"/> watches on any path end with ERROR 410 Expired after <paramref name="events"/> events.</summary>
    public FaultRule WatchExpiresAfter(int events, int watches = 1) => NextWatch("/").Times(watches).ExpireAfter(events);

    /// <summary>Disarms every rule.</summary>
    public void Clear()
    {
        lock (rules)
        {
            rules.Clear();
        }
    }

    internal FaultRule Add(FaultRule rule)
    {
        lock (rules)
        {
            rules.Add(rule);
        }

        return rule;
    }

    internal FaultAction? Fire(string method, string path, bool isWatch)
    {
        lock (rules)
        {
            return rules.FirstOrDefault(r => r.TryFire(method, path, isWatch))?.Action;
        }
    }
}
