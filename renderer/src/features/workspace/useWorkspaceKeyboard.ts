import { useEffect } from 'react';
import { isTextField } from '../keys/textField.js';
import { dispatchKeyDown, dispatchKeyUp, type KeyAction } from './keyboardActions.js';

/** Binds the workspace's action table to window key events while the workspace is mounted. */
export function useWorkspaceKeyboard(actions: readonly KeyAction[]): void {
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (!isTextField(e.target)) dispatchKeyDown(actions, e);
    };
    const up = (e: KeyboardEvent) => dispatchKeyUp(actions, e);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [actions]);
}
