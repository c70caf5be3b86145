package steps

// registerServerSteps adds the steps only net.Server features use.
func (w *world) registerServerSteps(step func(pattern string, fn any)) {}
