using System.Collections.Concurrent;
using LvsOperator.Health.Checks;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Health.Polling;

/// <summary>
/// Every TCP check on one thread, as keepalived runs them: a non-blocking connect per check, one epoll for all of
/// them, and one heap of timers for when each target is due and when each check gives up. A check costs its
/// system calls (socket, setsockopt, connect, epoll_ctl, close; epoll_wait is shared) and no allocation: no
/// Socket, Task, CancellationTokenSource or timer object per check. Targets are added and removed from any thread
/// through a queue the loop drains; results go to the <see cref="Completion"/> on the loop's thread.
/// </summary>
internal sealed class TcpConnectPoller : IDisposable
{
    private const int BatchSize = 256;
    private const int Connected = -1;
    private readonly Completion _completed;
    private readonly TimeProvider _time;
    private readonly int _maxInFlight;
    private readonly Epoll _epoll = new();
    private readonly epoll_event[] _ready = GC.AllocateArray<epoll_event>(BatchSize, pinned: true);
    private readonly ConcurrentQueue<(TargetRun Run, double Jitter, bool Remove)> _commands = new();
    private readonly PriorityQueue<PollTimer, long> _timers = new();
    private readonly Queue<(int Slot, int Generation)> _waiting = new();
    private readonly Stack<int> _free = new();
    private PollSlot[] _slots = new PollSlot[64];
    private int _used;
    private Thread? _thread;
    private volatile bool _stopping;
    private int _disposed;

    /// <param name="completed">Called on the loop's thread with each check's result and how long it took.</param>
    /// <param name="maxInFlight">Checks in flight at once; a target due while all are taken waits its turn.</param>
    public TcpConnectPoller(Completion completed, TimeProvider time, int maxInFlight)
    {
        _completed = completed;
        _time = time;
        _maxInFlight = Math.Max(1, maxInFlight);
    }

    public delegate void Completion(TargetRun run, HealthCheckResult result, TimeSpan duration);

    /// <summary>Sockets open now; read on the loop's thread (or between <see cref="Step"/> calls).</summary>
    public int InFlight { get; private set; }

    /// <summary>Starts checking <paramref name="run"/>, first after <paramref name="jitter"/> x its interval.</summary>
    public void Add(TargetRun run, double jitter)
    {
        _commands.Enqueue((run, jitter, false));
        _epoll.Wake();
    }

    /// <summary>Stops checking <paramref name="run"/>: its socket is closed and the run disposed on the loop's thread.</summary>
    public void Remove(TargetRun run)
    {
        _commands.Enqueue((run, 0, true));
        _epoll.Wake();
    }

    /// <summary>Runs the loop on a thread of its own until disposed.</summary>
    public void Start()
    {
        _thread = new Thread(() =>
        {
            while (!_stopping) Step(block: true);
        })
        { IsBackground = true, Name = "health-tcp" };
        _thread.Start();
    }

    /// <summary>
    /// One turn of the loop: apply the queued adds and removes, wait for sockets (until the next timer when
    /// <paramref name="block"/>, else not at all), finish the checks they answer, then fire the timers due by the
    /// clock. Tests call it directly, on a fake clock.
    /// </summary>
    internal void Step(bool block)
    {
        ApplyCommands();
        var count = _epoll.Wait(_ready, block ? MillisecondsToNextTimer() : 0);
        var now = _time.GetTimestamp();
        while (true)
        {
            for (var i = 0; i < count; i++)
            {
                var token = _ready[i].data.u64;
                if (token == Epoll.WakeToken) _epoll.ClearWake();
                else Answered((int)token, (int)(token >> 32), _ready[i].events, now);
            }

            // A full batch may leave answers in the kernel: take them all before any timeout fires, so a loop that
            // was late (a busy machine) does not fail checks whose answer came in time.
            if (count < _ready.Length) break;
            count = _epoll.Wait(_ready, 0);
        }

        FireTimers(now);
    }

    private void ApplyCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            if (command.Remove) Release(command.Run);
            else Admit(command.Run, command.Jitter);
        }
    }

    private void Admit(TargetRun run, double jitter)
    {
        if (!_free.TryPop(out var index))
        {
            if (_used == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            index = _used++;
        }

        var probe = run.Target.Probe;
        ref var slot = ref _slots[index];
        slot.Admit(run, probe, _time.TimestampFrequency);
        run.PollSlot = index;
        Schedule(index, ref slot, _time.GetTimestamp() + (long)(slot.Interval * jitter));
    }

    private void Release(TargetRun run)
    {
        ref var slot = ref _slots[run.PollSlot];
        if (slot.Run != run) return;
        if (slot.Fd >= 0) Close(ref slot);
        slot.Release();
        _free.Push(run.PollSlot);
        run.Dispose();
    }

    private void Schedule(int index, ref PollSlot slot, long due)
    {
        slot.NextDue = due;
        _timers.Enqueue(new PollTimer(index, slot.Generation, PollTimer.Due), due);
    }

    private void FireTimers(long now)
    {
        while (_timers.TryPeek(out var timer, out var at) && at <= now)
        {
            _timers.Dequeue();
            ref var slot = ref _slots[timer.Slot];
            if (slot.Generation != timer.Generation || slot.Run is null) continue;
            if (timer.Check == PollTimer.Due) Due(timer.Slot, ref slot, now);
            else if (timer.Check == slot.Check && slot.Fd >= 0) Finish(ref slot, HealthCheckResult.Failed(slot.TimeoutText), now);
        }
    }

    /// <summary>
    /// A target's tick: the next one is scheduled on the same grid (ticks missed while the loop was late are
    /// skipped, as <see cref="PeriodicTimer"/> skips them), and a check starts unless the last one is still out.
    /// </summary>
    private void Due(int index, ref PollSlot slot, long now)
    {
        var missed = (now - slot.NextDue) / slot.Interval;
        Schedule(index, ref slot, slot.NextDue + (missed + 1) * slot.Interval);
        if (slot.Fd >= 0 || slot.Waiting) return;
        if (InFlight < _maxInFlight)
        {
            Launch(index, ref slot, now);
            return;
        }

        slot.Waiting = true;
        _waiting.Enqueue((index, slot.Generation));
    }

    private void Launch(int index, ref PollSlot slot, long now)
    {
        var fd = NativeSockets.OpenResetOnClose(slot.Address.Family);
        if (fd < 0)
        {
            Report(ref slot, HealthCheckResult.Failed(NativeSockets.Text(-fd)), TimeSpan.Zero);
            return;
        }

        // A non-blocking connect answers EINPROGRESS even where the handshake is over by then (loopback); 0 or
        // another errno is the whole answer.
        var error = slot.Address.Connect(fd);
        if (error == EINPROGRESS) error = _epoll.Add(fd, EPOLLOUT, (uint)index | ((ulong)(uint)slot.Generation << 32));
        else if (error == 0) error = Connected;
        if (error != 0)
        {
            NativeSockets.Close(fd);
            var result = error == Connected ? HealthCheckResult.Success : HealthCheckResult.Failed(NativeSockets.Text(error));
            Report(ref slot, result, TimeSpan.Zero);
            return;
        }

        slot.Fd = fd;
        slot.Started = now;
        slot.Check++;
        InFlight++;
        _timers.Enqueue(new PollTimer(index, slot.Generation, slot.Check), now + slot.Timeout);
    }

    /// <summary>
    /// epoll reported the connecting socket: writable is connected; an error is the connect's errno (SO_ERROR),
    /// except a reset after the handshake (ECONNRESET or EPIPE; a reset in SYN-SENT is ECONNREFUSED, see
    /// tcp_reset in net/ipv4/tcp_input.c): the server answered, then closed hard before the loop looked.
    /// </summary>
    private void Answered(int index, int generation, int events, long now)
    {
        ref var slot = ref _slots[index];
        if (slot.Generation != generation || slot.Fd < 0) return;
        if ((events & (EPOLLERR | EPOLLHUP)) == 0)
        {
            Finish(ref slot, HealthCheckResult.Success, now);
            return;
        }

        var error = NativeSockets.PendingError(slot.Fd);
        var connected = error == 0 || error == ECONNRESET || error == EPIPE;
        Finish(ref slot, connected ? HealthCheckResult.Success : HealthCheckResult.Failed(NativeSockets.Text(error)), now);
    }

    private void Finish(ref PollSlot slot, HealthCheckResult result, long now)
    {
        Close(ref slot);
        Report(ref slot, result, _time.GetElapsedTime(slot.Started, now));
        while (InFlight < _maxInFlight && _waiting.TryDequeue(out var next))
        {
            ref var waiting = ref _slots[next.Slot];
            if (waiting.Generation != next.Generation || !waiting.Waiting) continue;
            waiting.Waiting = false;
            Launch(next.Slot, ref waiting, now);
        }
    }

    private void Close(ref PollSlot slot)
    {
        NativeSockets.Close(slot.Fd);
        slot.Fd = -1;
        InFlight--;
    }

    private void Report(ref PollSlot slot, HealthCheckResult result, TimeSpan duration) => _completed(slot.Run!, result, duration);

    private int MillisecondsToNextTimer()
    {
        if (!_timers.TryPeek(out _, out var at)) return -1;
        var ticks = at - _time.GetTimestamp();
        if (ticks <= 0) return 0;
        // Rounded up: a timer is never fired early, and one due in less than a millisecond does not spin.
        return (int)Math.Min(int.MaxValue, (ticks * 1000 + _time.TimestampFrequency - 1) / _time.TimestampFrequency);
    }

    /// <summary>Stops the loop, then closes every socket still open and disposes every run.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopping = true;
        _epoll.Wake();
        if (_thread is not null && _thread != Thread.CurrentThread) _thread.Join();
        ApplyCommands();
        for (var i = 0; i < _used; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Run is not { } run) continue;
            if (slot.Fd >= 0) Close(ref slot);
            slot.Release();
            run.Dispose();
        }

        _epoll.Dispose();
    }
}
