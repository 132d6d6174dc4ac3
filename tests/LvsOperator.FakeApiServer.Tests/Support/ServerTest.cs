namespace LvsOperator.FakeApiServer.Tests.Support;

/// <summary>A fresh server per test class instance (xunit makes one per test), with a client on it.</summary>
public abstract class ServerTest : IAsyncLifetime, IDisposable
{
    private FakeApiServer? server;
    private ApiClient? api;

    protected FakeApiServer Server => server!;
    internal ApiClient Api => api!;

    protected virtual FakeApiServerOptions Options => FakeApiServer.WithStandardResources() with
    {
        BookmarkInterval = TimeSpan.FromMilliseconds(100),
        TooLargeResourceVersionWait = TimeSpan.FromMilliseconds(200),
    };

    public virtual async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync(Options);
        api = new ApiClient(server.CreateClient());
    }

    public void Dispose()
    {
        api?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Polls a condition the server reaches asynchronously (the garbage collector), with a generous limit.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
