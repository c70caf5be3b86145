package steps

// registerSocketSteps adds the steps only net.Socket features use.
func (w *world) registerSocketSteps(step func(pattern string, fn any)) {}
