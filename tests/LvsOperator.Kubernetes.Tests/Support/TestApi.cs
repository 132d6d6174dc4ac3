using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using FakeServer = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Kubernetes.Tests.Support;

/// <summary>A fake API server on loopback and this library's client pointed at it.</summary>
internal sealed class TestApi : IAsyncDisposable
{
    private TestApi(FakeServer server)
    {
        Server = server;
        Client = new KubeApiClient(KubeConnection.ForServer(server.BaseAddress));
        RealServers = Client.Resource(ResourceTypes.RealServers);
    }

    public FakeServer Server { get; }
    public KubeApiClient Client { get; }
    public ResourceClient<RealServer> RealServers { get; }

    public static async Task<TestApi> StartAsync() => new(await FakeServer.StartAsync());

    public static RealServer RealServer(string name, string ns = "lvs", string address = "198.18.0.1", IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
        Spec = new RealServerSpec { Address = address },
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
