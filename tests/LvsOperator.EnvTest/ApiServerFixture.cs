using Xunit;

namespace LvsOperator.EnvTest;

/// <summary>
/// One <see cref="KubeApiServer"/> per xunit collection: <c>[CollectionDefinition(...)] class X :
/// ICollectionFixture&lt;ApiServerFixture&gt;</c>. Start-up failures fail the tests (no API server is never a skip).
/// </summary>
public class ApiServerFixture : IAsyncLifetime
{
    private KubeApiServer? server;

    public KubeApiServer Server => server ?? throw new InvalidOperationException("the API server has not started");

    /// <summary>Override to start the server differently (extra serving names, flags).</summary>
    protected virtual ApiServerOptions Options => new();

    public async Task InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(Options).ConfigureAwait(false);
        await PrepareAsync(server).ConfigureAwait(false);
    }

    /// <summary>Override to install what the collection's tests share (CRDs, namespaces, RBAC); a throw fails them all.</summary>
    protected virtual Task PrepareAsync(KubeApiServer server) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
    }
}
