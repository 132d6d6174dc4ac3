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

    public async Task InitializeAsync() => server = await KubeApiServer.StartAsync(Options).ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
    }
}
