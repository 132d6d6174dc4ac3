using System.Threading.Channels;

namespace LvsOperator.FakeApiServer;

/// <summary>Every event committed after a subscription starts, in revision order, for one watcher.</summary>
internal sealed class StoreSubscription(Action<StoreSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<StoreEvent> channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StoreEvent> Events => channel.Reader;

    internal void Publish(StoreEvent storeEvent) => channel.Writer.TryWrite(storeEvent);

    public void Dispose()
    {
        unsubscribe(this);
        channel.Writer.TryComplete();
    }
}
