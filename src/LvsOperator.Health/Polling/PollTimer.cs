namespace LvsOperator.Health.Polling;

/// <summary>
/// An entry in the <see cref="TcpConnectPoller"/>'s timer heap: a target's next tick (<see cref="Due"/>) or the
/// timeout of one check. Entries are never removed early; one whose slot or check moved on is skipped when popped.
/// </summary>
internal readonly record struct PollTimer(int Slot, int Generation, int Check)
{
    public const int Due = -1;
}
