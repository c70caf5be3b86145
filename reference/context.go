package reference

import "context"

// RunContext is Run, bounded by ctx: when ctx is done first, the loop is
// closed as Close closes it (every socket destroyed, every server
// closed), Run returns, and RunContext returns ctx's error unless Run
// had an error of its own.
func (l *Loop) RunContext(ctx context.Context, main func()) error {
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-ctx.Done():
			l.Submit(l.closeAll)
		case <-stop:
		}
	}()
	err := l.Run(main)
	close(stop)
	<-watched
	if err == nil && ctx.Err() != nil && l.closing {
		err = ctx.Err()
	}
	return err
}

// ConnectContext is Connect, bounded by ctx: when ctx is done before the
// socket closes (connecting, or connected), the socket is destroyed with
// an AbortError, as with Node's signal option; errors.Is(err,
// context.Canceled) holds for it.
func (s *Socket) ConnectContext(ctx context.Context, opts ConnectOptions, connectListener func()) error {
	if err := s.Connect(opts, connectListener); err != nil {
		return err
	}
	s.WatchSignal(ctx.Done())
	return nil
}
