using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// Standalone mode: the desired state comes from manifests in a folder, as the director and real-server
/// scripts once did. Any error in the folder keeps the last valid state (fail static): a half-edited file
/// must never withdraw a VIP.
/// </summary>
internal sealed partial class ManifestDirectorySource : IDesiredStateSource, IDisposable
{
    private readonly AgentOptions _options;
    private readonly NodeInfo _node;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly ManifestCompilation _compilation;
    private readonly SemaphoreSlim _changed = new(0);
    private volatile bool _dirty = true;
    private NodeDesiredState? _current;

    public ManifestDirectorySource(IOptions<AgentOptions> options, ILogger<ManifestDirectorySource> logger)
    {
        _options = options.Value;
        _node = NodeIdentity.From(_options);
        _logger = logger;
        _compilation = new ManifestCompilation(_options.Manifests, _node, new CompilerOptions { DirectorInterface = _options.DirectorInterface });
        if (!Directory.Exists(_options.Manifests)) return; // reported on load; resync polls until it appears
        _watcher = new FileSystemWatcher(_options.Manifests) { IncludeSubdirectories = true };
        _watcher.Changed += (_, _) => Signal();
        _watcher.Created += (_, _) => Signal();
        _watcher.Deleted += (_, _) => Signal();
        _watcher.Renamed += (_, _) => Signal();
        _watcher.EnableRaisingEvents = true;
    }

    public NodeDesiredState? Current
    {
        get
        {
            if (_dirty) Reload();
            return _current;
        }
    }

    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    private void Signal()
    {
        _dirty = true;
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    private void Reload()
    {
        _dirty = _watcher is null; // without a watcher, look again every cycle
        ManifestSet set;
        IReadOnlyList<string> errors;
        try
        {
            (set, errors) = _compilation.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(_options.Manifests, e.Message);
            return;
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors) LogInvalid(error);
            LogKeepingLastState(errors.Count);
            return;
        }

        _current = _compilation.NodeState;
        LogLoaded(set.VirtualServices.Count, set.RealServers.Count, _current.Services.Count, _current.Addresses.Count);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Manifests at {Path} cannot be read: {Reason}; the kernel is left as it is")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid manifest: {Error}")]
    private partial void LogInvalid(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} manifest error(s): keeping the last valid state, the kernel is left as it is")]
    private partial void LogKeepingLastState(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {VirtualServices} VirtualService(s) and {RealServers} RealServer(s): this node holds {Services} IPVS service(s) and {Addresses} address(es)")]
    private partial void LogLoaded(int virtualServices, int realServers, int services, int addresses);
}
