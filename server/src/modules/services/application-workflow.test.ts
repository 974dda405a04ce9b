import { describe, expect, it } from 'vitest';
import {
  availableActions,
  reviewOutcome,
  taskTransition,
  tasksReadyToOpen,
  type TaskState,
} from './application-workflow.ts';

const review = (id: string, status: TaskState['status'], dependsOn: string[] = []): TaskState => ({
  id,
  kind: 'review',
  itemId: id,
  status,
  dependsOn,
});

describe('the application lifecycle as data', () => {
  it('acceptance tasks accept, ask for 补正 or reject; review tasks approve or refuse', () => {
    expect(availableActions('acceptance', 'pending')).toEqual([
      'start',
      'accept',
      'request_supplement',
      'reject',
    ]);
    expect(availableActions('review', 'in_review')).toEqual(['approve', 'refuse']);
    expect(taskTransition('review', 'pending', 'accept')).toBeNull();
    expect(taskTransition('review', 'waiting', 'approve')).toBeNull();
    expect(taskTransition('review', 'approved', 'refuse')).toBeNull();
    expect(taskTransition('acceptance', 'pending', 'request_supplement')).toBe(
      'supplement_requested',
    );
  });

  it('opens a waiting task when everything it waits for is approved', () => {
    const tasks = [
      review('birth', 'approved'),
      review('household', 'waiting', ['birth']),
      review('insurance', 'waiting', ['household']),
      review('card', 'waiting', ['household']),
    ];
    expect(tasksReadyToOpen(tasks).map((t) => t.id)).toEqual(['household']);
    tasks[1] = review('household', 'approved', ['birth']);
    expect(tasksReadyToOpen(tasks).map((t) => t.id)).toEqual(['insurance', 'card']);
  });

  it('has one outcome: refused as soon as one item is refused, approved when all are', () => {
    expect(reviewOutcome([review('a', 'approved'), review('b', 'pending')])).toBe('open');
    expect(reviewOutcome([review('a', 'approved'), review('b', 'refused')])).toBe('refused');
    expect(reviewOutcome([review('a', 'approved'), review('b', 'approved')])).toBe('approved');
    expect(reviewOutcome([])).toBe('open');
  });
});
