using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Tests.Support;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class WatchTests
{
    [Fact]
    public async Task A_watch_from_a_list_sees_adds_updates_and_deletes_in_order()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("before"));
        var list = await api.RealServers.ListAsync("lvs");
        using var stop = new CancellationTokenSource(Eventually.Deadline);
        var events = new List<WatchEvent<RealServer>>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in api.RealServers.WatchAsync("lvs", new WatchOptions { ResourceVersion = list.ResourceVersion, AllowBookmarks = false }, stop.Token))
            {
                events.Add(e);
                if (events.Count == 3) return;
            }
        });

        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));
        await api.RealServers.ReplaceAsync(created with { Spec = created.Spec with { Weight = 5 } });
        await api.RealServers.DeleteAsync("lvs", "rs-1");
        await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("rs-1", e.Value.Metadata.Name));
        Assert.Equal(5, events[1].Value.Spec.Weight);
    }

    [Fact]
    public async Task Bookmarks_carry_the_servers_newest_resourceVersion()
    {
        await using var api = await TestApi.StartAsync();
        var list = await api.RealServers.ListAsync("lvs");
        // A change in another namespace moves the server's version but is no event for this watch.
        await api.RealServers.CreateAsync(TestApi.RealServer("elsewhere", ns: "other"));
        var newest = api.Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(Eventually.Deadline);

        WatchEvent<RealServer>? bookmark = null;
        await foreach (var e in api.RealServers.WatchAsync("lvs", new WatchOptions { ResourceVersion = list.ResourceVersion }, stop.Token))
        {
            bookmark = e;
            break;
        }

        Assert.Equal(WatchEventType.Bookmark, bookmark?.Type);
        Assert.Equal(newest, bookmark?.ResourceVersion);
    }

    [Fact]
    public async Task A_watch_from_compacted_history_is_an_expired_resource_version()
    {
        await using var api = await TestApi.StartAsync();
        // Not from an empty store: resourceVersion "0" would mean "any version" to a watch.
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-0"));
        var list = await api.RealServers.ListAsync("lvs");
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-2"));
        api.Server.Compact();
        using var stop = new CancellationTokenSource(Eventually.Deadline);

        var error = await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var _ in api.RealServers.WatchAsync("lvs", new WatchOptions { ResourceVersion = list.ResourceVersion }, stop.Token))
            {
            }
        });

        Assert.True(error.IsGone);
    }

    [Fact]
    public async Task The_server_ends_the_watch_at_its_timeout()
    {
        await using var api = await TestApi.StartAsync();
        var list = await api.RealServers.ListAsync("lvs");
        using var stop = new CancellationTokenSource(Eventually.Deadline);

        var count = 0;
        await foreach (var _ in api.RealServers.WatchAsync("lvs", new WatchOptions { ResourceVersion = list.ResourceVersion, Timeout = TimeSpan.FromSeconds(1), AllowBookmarks = false }, stop.Token))
        {
            count++;
        }

        Assert.Equal(0, count);
        Assert.False(stop.IsCancellationRequested);
        Assert.Contains("timeoutSeconds=1", api.Server.Requests.Entries.Single(r => r.IsWatch).Query, StringComparison.Ordinal);
    }
}
