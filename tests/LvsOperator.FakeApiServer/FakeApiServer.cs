using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// An in-process Kubernetes API server over real HTTP on 127.0.0.1, strict where the real one is strict: clients
/// under test use a plain HttpClient (or KubernetesClient) with <see cref="BaseAddress"/>.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ApiDispatcher dispatcher;
    private readonly GarbageCollector collector;

    private FakeApiServer(WebApplication app, ApiDispatcher dispatcher, GarbageCollector collector, ObjectStore store, FaultInjector faults, RequestLog requests)
    {
        this.app = app;
        this.dispatcher = dispatcher;
        this.collector = collector;
        Store = store;
        Faults = faults;
        Requests = requests;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().TrimEnd('/') + "/");
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Direct seeding and inspection, without HTTP; writes emit watch events like any other.</summary>
    public ObjectStore Store { get; }

    public FaultInjector Faults { get; }

    public RequestLog Requests { get; }

    public long CurrentResourceVersion => Store.CurrentRevision;

    /// <summary>Watch connections open right now.</summary>
    public int OpenWatches => dispatcher.OpenWatches;

    /// <summary>Options serving <see cref="StandardResources.All"/>; add types with <see cref="FakeApiServerOptions.With"/>.</summary>
    public static FakeApiServerOptions WithStandardResources() => new() { Resources = StandardResources.All };

    public static Task<FakeApiServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(WithStandardResources(), cancellationToken);

    public static async Task<FakeApiServer> StartAsync(FakeApiServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var registry = new ResourceRegistry(options.Resources);
        var store = new ObjectStore(registry, options);
        var deleter = new ObjectDeleter(store);
        var writer = new ObjectWriter(store, deleter);
        var faults = new FaultInjector();
        var requests = new RequestLog();
        var dispatcher = new ApiDispatcher(
            store, writer, deleter, new ListHandler(store, options), new WatchHandler(store, options), faults, requests);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var collector = new GarbageCollector(store, writer, deleter);
        collector.Start();
        return new FakeApiServer(app, dispatcher, collector, store, faults, requests);
    }

    /// <summary>An HttpClient on <see cref="BaseAddress"/>.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Forgets history up to a revision: watches and exact lists from it get 410.</summary>
    public void CompactTo(long revision) => Store.CompactTo(revision);

    /// <summary>Forgets all history: every watch from an old resourceVersion gets "too old resource version".</summary>
    public void Compact() => Store.CompactTo(Store.CurrentRevision);

    /// <summary>Resets every open watch connection mid-stream.</summary>
    public void DropWatches() => dispatcher.DropWatches();

    public async ValueTask DisposeAsync()
    {
        await collector.DisposeAsync().ConfigureAwait(false);
        dispatcher.DropWatches();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
