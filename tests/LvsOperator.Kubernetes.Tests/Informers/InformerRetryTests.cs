using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Informers;

/// <summary>
/// How long an informer waits after each kind of failure (issue 12: an agent took 48 s to list again after the
/// API server came back). The waits are read from the informer's own log on a fake clock, so nothing is timed.
/// </summary>
public sealed class InformerRetryTests
{
    private const string Collection = "/apis/lvsoperator.io/v1alpha1/namespaces/lvs/realservers";

    private static readonly BackoffOptions Backoff = new()
    {
        Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30), ConnectionMax = TimeSpan.FromSeconds(2), Jitter = 0,
    };

    [Fact]
    public async Task A_429_waits_the_servers_Retry_After_and_does_not_grow_the_backoff()
    {
        await using var api = await TestApi.StartAsync();
        // The fake answers 429 with Retry-After: 1, as a restarted server whose storage is (re)initializing does.
        api.Server.Faults.Next("GET", Collection).Times(3).Respond(429);
        api.Server.Faults.Next("GET", Collection).Respond(500);
        var backoff = Backoff with { Initial = TimeSpan.FromMilliseconds(200) };

        var delays = await DelaysUntilSyncedAsync(api.RealServers, backoff);

        // After three 429s the first real failure still waits the initial step.
        Assert.Equal([1, 1, 1, 0.2], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_within_the_connection_cap_and_a_refusing_server_backs_off_fully()
    {
        using var nobody = new KubeApiClient(KubeConnection.ForServer(new Uri($"http://127.0.0.1:{UnusedPort()}/")));
        await using var api = await TestApi.StartAsync();
        api.Server.Faults.Next("GET", Collection).Always().Respond(500);

        var refused = await DelaysAsync(nobody.Resource(ResourceTypes.RealServers), Backoff, count: 6);
        var answered = await DelaysAsync(api.RealServers, Backoff, count: 6);

        Assert.Equal([1, 2, 2, 2, 2, 2], refused.Select(d => d.TotalSeconds));
        Assert.Equal([1, 2, 4, 8, 16, 30], answered.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task A_list_that_hangs_times_out_and_is_retried_within_the_connection_cap()
    {
        await using var api = await TestApi.StartAsync();
        var connection = new KubeConnection(api.Server.BaseAddress, new SocketsHttpHandler(), _ => ValueTask.FromResult<string?>(null))
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
        };
        using var client = new KubeApiClient(connection);
        api.Server.Faults.Next("GET", Collection).Times(3).Delay(TimeSpan.FromHours(1));

        var delays = await DelaysUntilSyncedAsync(client.Resource(ResourceTypes.RealServers), Backoff);

        Assert.Equal([1, 2, 2], delays.Select(d => d.TotalSeconds));
    }

    private static async Task<IReadOnlyList<TimeSpan>> DelaysUntilSyncedAsync(ResourceClient<RealServer> client, BackoffOptions backoff)
    {
        var (informer, log, time) = Create(client, backoff);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.HasSynced, "synced", eachTry: () => time.Advance(TimeSpan.FromMilliseconds(100)));
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
        return log.Delays;
    }

    private static async Task<IReadOnlyList<TimeSpan>> DelaysAsync(ResourceClient<RealServer> client, BackoffOptions backoff, int count)
    {
        var (informer, log, time) = Create(client, backoff);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => log.Delays.Count >= count, $"{count} retries", eachTry: () => time.Advance(TimeSpan.FromMilliseconds(500)));
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
        return [.. log.Delays.Take(count)];
    }

    private static (Informer<RealServer> Informer, DelayRecorder Log, FakeTimeProvider Time) Create(ResourceClient<RealServer> client, BackoffOptions backoff)
    {
        var log = new DelayRecorder();
        var time = new FakeTimeProvider();
        return (new Informer<RealServer>(client, new InformerOptions { Namespace = "lvs", Backoff = backoff }, log, time), log, time);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
