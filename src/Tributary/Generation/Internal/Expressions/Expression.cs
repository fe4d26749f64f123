namespace Tributary.Generation.Internal.Expressions;

/// <summary>A compiled formula or rule, evaluated against the columns already generated for the record.</summary>
internal abstract class Expression
{
    public abstract ExpressionValue Evaluate(RecordState state);

    public virtual bool IsTrue(RecordState state) => Evaluate(state).IsTrue;
}
